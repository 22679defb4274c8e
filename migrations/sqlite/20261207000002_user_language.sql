-- The language a person chose for the dashboard (a tag BaaS speaks: en, pt-BR, es); none means
-- their browser's.
ALTER TABLE users ADD COLUMN language TEXT;
