-- Operators run the service itself: the shared provider pool and the price table.
CREATE TABLE operators (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
