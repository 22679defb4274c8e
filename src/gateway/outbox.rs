//! The usage records' way to the database, through files, so that a crash loses at most the
//! last few milliseconds of them. The request path hands a record to a bounded queue and goes
//! on; one task appends what the queue holds to a segment file of this process (a JSON line per
//! record, one `write` per batch, so a killed process leaves it with the kernel), and another
//! reads the segments back and writes them to the database in batches, deleting a segment once
//! all of it is in. While the database is away the records wait on disk, not in memory. At
//! start-up, segments left by processes that died are written again; records already in the
//! database are skipped, so none is counted twice.
//!
//! Each process keeps its segments in a folder of its own under `<data dir>/outbox/`, locked
//! for as long as it runs; an unlocked folder belongs to a process that is gone.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::gateway::usage::{write_batch, write_new, UsageRecord, UsageSink, BATCH};
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// A segment is closed and a new one started past this size.
const SEGMENT_BYTES: u64 = 8 * 1024 * 1024;
/// Most bytes of records waiting on disk (the database away for long); past it, records are
/// dropped and counted.
const MAX_BACKLOG_BYTES: u64 = 1024 * 1024 * 1024;
/// Records taken from the queue per write.
const WRITE_BATCH: usize = 1_000;

fn segment_path(dir: &Path, n: u64) -> PathBuf {
    dir.join(format!("{n:012}.jsonl"))
}

fn io(what: &str, e: std::io::Error) -> Error {
    Error::Internal(format!("usage outbox: {what}: {e}"))
}

/// The segments of `dir`, oldest first.
fn segments(dir: &Path) -> Result<Vec<(u64, PathBuf)>> {
    let mut found: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| io("listing segments", e))?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let n = name.strip_suffix(".jsonl")?.parse::<u64>().ok()?;
            Some((n, e.path()))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Whole lines of a segment (a line cut by a crash is skipped).
fn read_records(path: &Path) -> Result<Vec<UsageRecord>> {
    let file = File::open(path).map_err(|e| io("opening a segment", e))?;
    let mut out = Vec::new();
    for line in BufReader::new(file).split(b'\n') {
        let line = line.map_err(|e| io("reading a segment", e))?;
        if let Ok(r) = serde_json::from_slice::<UsageRecord>(&line) {
            out.push(r);
        }
    }
    Ok(out)
}

/// Writes to the database what processes that are gone left in their folders under `root`;
/// returns how many records were new to it.
pub async fn replay_orphans(db: &Db, root: &Path) -> Result<u64> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(0);
    };
    let mut added = 0;
    for dir in entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join("lock"))
            .map_err(|e| io("opening a lock", e))?;
        if lock.try_lock().is_err() {
            continue;
        }
        for (_, path) in segments(&dir)? {
            let records = read_records(&path)?;
            for chunk in records.chunks(BATCH) {
                added += write_new(db, chunk).await?;
            }
            std::fs::remove_file(&path).map_err(|e| io("removing a segment", e))?;
        }
        drop(lock);
        let _ = std::fs::remove_file(dir.join("lock"));
        let _ = std::fs::remove_dir(&dir);
    }
    if added > 0 {
        tracing::warn!(
            added,
            "usage records a stopped process had not written were written now"
        );
    }
    Ok(added)
}

/// Where the appender has got to: the segment being written and how many bytes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Written {
    segment: u64,
    bytes: u64,
    /// The appender has stopped: nothing more will come.
    closed: bool,
}

/// Starts the outbox under `root` (first writing what stopped processes left there); returns
/// the request path's handle and the task that ends, with everything written, once every
/// handle is dropped.
pub async fn spawn(
    db: Db,
    root: &Path,
    queue: usize,
) -> Result<(UsageSink, tokio::task::JoinHandle<()>)> {
    std::fs::create_dir_all(root).map_err(|e| io("creating its folder", e))?;
    replay_orphans(&db, root).await?;
    let dir = root.join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&dir).map_err(|e| io("creating its folder", e))?;
    let lock = File::create(dir.join("lock")).map_err(|e| io("creating its lock", e))?;
    lock.try_lock()
        .map_err(|e| Error::Internal(format!("usage outbox: locking {}: {e}", dir.display())))?;

    let (tx, rx) = mpsc::channel::<UsageRecord>(queue);
    let dropped = Arc::new(AtomicU64::new(0));
    let sink = UsageSink::new(tx, dropped.clone());
    let (written_tx, written_rx) = watch::channel(Written::default());
    let backlog = Arc::new(AtomicU64::new(0));
    let appender = tokio::spawn(append(
        dir.clone(),
        rx,
        written_tx,
        backlog.clone(),
        dropped.clone(),
    ));
    let handle = tokio::spawn(async move {
        drain(db, dir.clone(), written_rx, backlog, dropped).await;
        let _ = appender.await;
        drop(lock);
        let _ = std::fs::remove_file(dir.join("lock"));
        let _ = std::fs::remove_dir(&dir);
    });
    Ok((sink, handle))
}

/// Appends queued records to the current segment, a batch per write.
async fn append(
    dir: PathBuf,
    mut rx: mpsc::Receiver<UsageRecord>,
    written: watch::Sender<Written>,
    backlog: Arc<AtomicU64>,
    dropped: Arc<AtomicU64>,
) {
    let mut at = Written::default();
    let mut file: Option<File> = None;
    let mut batch = Vec::with_capacity(WRITE_BATCH);
    let mut buf: Vec<u8> = Vec::with_capacity(256 * 1024);
    while rx.recv_many(&mut batch, WRITE_BATCH).await > 0 {
        buf.clear();
        for r in batch.drain(..) {
            if backlog.load(Ordering::Relaxed) > MAX_BACKLOG_BYTES {
                dropped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            if serde_json::to_writer(&mut buf, &r).is_ok() {
                buf.push(b'\n');
            }
        }
        if buf.is_empty() {
            continue;
        }
        if at.bytes >= SEGMENT_BYTES {
            at = Written {
                segment: at.segment + 1,
                bytes: 0,
                closed: false,
            };
            file = None;
        }
        if file.is_none() {
            match File::create(segment_path(&dir, at.segment)) {
                Ok(f) => file = Some(f),
                Err(e) => {
                    tracing::error!(error = %e, "usage outbox: no segment file; records dropped");
                    dropped.fetch_add(
                        buf.iter().filter(|b| **b == b'\n').count() as u64,
                        Ordering::Relaxed,
                    );
                    continue;
                }
            }
        }
        if let Some(f) = file.as_mut() {
            if let Err(e) = f.write_all(&buf) {
                tracing::error!(error = %e, "usage outbox: write failed; records dropped");
                dropped.fetch_add(
                    buf.iter().filter(|b| **b == b'\n').count() as u64,
                    Ordering::Relaxed,
                );
                continue;
            }
        }
        at.bytes += buf.len() as u64;
        backlog.fetch_add(buf.len() as u64, Ordering::Relaxed);
        let _ = written.send(at);
    }
    at.closed = true;
    let _ = written.send(at);
}

/// Reads the segments back in order and writes them to the database, deleting each segment
/// once all of it is written; retries while the database is away.
async fn drain(
    db: Db,
    dir: PathBuf,
    mut written: watch::Receiver<Written>,
    backlog: Arc<AtomicU64>,
    dropped: Arc<AtomicU64>,
) {
    let mut segment = 0u64;
    let mut reader: Option<BufReader<File>> = None;
    let mut offset = 0u64;
    let mut reported = 0u64;
    loop {
        let at = *written.borrow_and_update();
        let end = if at.segment == segment {
            at.bytes
        } else {
            u64::MAX
        };
        // Whole lines up to what the appender has reported, a batch at a time.
        let mut batch: Vec<UsageRecord> = Vec::new();
        let mut consumed = 0u64;
        if offset < end {
            if reader.is_none() {
                match File::open(segment_path(&dir, segment)) {
                    Ok(mut f) => {
                        let _ = f.seek(SeekFrom::Start(offset));
                        reader = Some(BufReader::new(f));
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "usage outbox: segment unreadable");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                }
            }
            if let Some(r) = reader.as_mut() {
                let mut line = Vec::new();
                while batch.len() < BATCH && offset + consumed < end {
                    line.clear();
                    match r.read_until(b'\n', &mut line) {
                        Ok(0) => break,
                        Ok(n) if line.ends_with(b"\n") => {
                            consumed += n as u64;
                            if let Ok(rec) = serde_json::from_slice::<UsageRecord>(&line) {
                                batch.push(rec);
                            }
                        }
                        // Half a line: the appender is mid-write; read it next time.
                        Ok(n) => {
                            let _ = r.seek_relative(-(n as i64));
                            break;
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "usage outbox: read failed");
                            break;
                        }
                    }
                }
            }
        }
        if batch.is_empty() {
            // Lines that were not records (never written by this code) are passed over.
            offset += consumed;
        } else {
            match write_batch(&db, &batch).await {
                Ok(()) => {
                    offset += consumed;
                    let _ = backlog.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |b| {
                        Some(b.saturating_sub(consumed))
                    });
                    let lost = dropped.load(Ordering::Relaxed);
                    if lost > reported {
                        reported = lost;
                        let text =
                            crate::i18n::Text::new("alert-usage-dropped").int("count", lost as i64);
                        if let Err(e) = crate::alerts::record(
                            &db,
                            None,
                            "usage_records_dropped",
                            crate::alerts::Severity::Error,
                            &text,
                        )
                        .await
                        {
                            tracing::error!(error = %e, "alert event not recorded");
                        }
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "usage write failed; will retry");
                    // The same records are read again after a pause.
                    if let Some(r) = reader.as_mut() {
                        let _ = r.seek(SeekFrom::Start(offset));
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            continue;
        }
        if consumed > 0 {
            continue;
        }
        if at.segment > segment {
            // The appender has moved on, and all of this segment is in the database.
            reader = None;
            let _ = std::fs::remove_file(segment_path(&dir, segment));
            segment += 1;
            offset = 0;
            continue;
        }
        if at.closed {
            let _ = std::fs::remove_file(segment_path(&dir, segment));
            return;
        }
        if written.changed().await.is_err() && !written.borrow().closed {
            // The appender ended without saying so (it panicked): what is on disk is written
            // by the next start.
            return;
        }
    }
}
