-- raw.ingest_ledger: what happened to every input file the pipeline has looked at.
-- grain: one row per (run, input file); status is accepted | duplicate | rejected, with a reason.
-- inputs: the inbox folder, listed by flows/ingest_inbox.py.
-- size_bytes and mtime_ns (modification time, ns since the epoch) are the file as it was read. A later run
-- does not read a regular file again when its path, size and mtime_ns equal a row with a content hash: it is
-- unchanged and already accounted for. mtime_ns is null when it cannot vouch for the bytes: rows written
-- before the column existed, entries that are not regular files, files with no hash, and files modified
-- less than 2 s before they were read (a same-size rewrite in the same clock tick would keep the mtime). A
-- file read again whose bytes are already recorded updates mtime_ns on that row, so it is skipped next time.
create table if not exists raw.ingest_ledger (
    run_id varchar not null,
    path varchar not null,
    content_sha256 varchar,
    article_id varchar,
    size_bytes bigint,
    mtime_ns bigint,
    status varchar not null check (status in ('accepted', 'duplicate', 'rejected')),
    reason varchar,
    seen_at timestamp not null
);

-- Warehouses created before mtime_ns existed get the column, null on their rows until files are read again.
alter table raw.ingest_ledger add column if not exists mtime_ns bigint;
