-- The sync-service's own schema: entities with per-field metadata, their history (merge bases), the change log that
-- pull reads, the outcome of every change id (idempotency and receipts), and the deferral queue.

-- One sequence orders change-log rows and receipts; pull cursors are (txid, seq) positions below the visibility horizon.
CREATE SEQUENCE sync.position_seq;

CREATE TABLE sync.entity (
    tenant        text        NOT NULL,
    collection    text        NOT NULL,
    entity_id     text        NOT NULL,
    version       bigint      NOT NULL,
    fields        jsonb       NOT NULL,
    field_meta    jsonb       NOT NULL,
    deleted       boolean     NOT NULL DEFAULT false,
    updated_at    timestamptz NOT NULL,
    updated_by    text        NOT NULL,
    -- the latest versions chain_start..version were all written by chain_device (the own-chain rule)
    chain_device  text        NOT NULL,
    chain_start   bigint      NOT NULL,
    -- changes of this entity in flight through the conflict path; while > 0 later changes follow them (the fence)
    detours       integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, collection, entity_id)
);

CREATE TABLE sync.entity_history (
    tenant      text        NOT NULL,
    collection  text        NOT NULL,
    entity_id   text        NOT NULL,
    version     bigint      NOT NULL,
    fields      jsonb       NOT NULL,
    field_meta  jsonb       NOT NULL,
    deleted     boolean     NOT NULL,
    written_at  timestamptz NOT NULL,
    written_by  text        NOT NULL,
    PRIMARY KEY (tenant, collection, entity_id, version)
);
CREATE INDEX entity_history_written_at ON sync.entity_history (written_at);

CREATE TABLE sync.change_log (
    tenant      text        NOT NULL,
    collection  text        NOT NULL,
    entity_id   text        NOT NULL,
    version     bigint      NOT NULL,
    change_id   text        NOT NULL,
    device      text        NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now(),
    txid        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    seq         bigint      NOT NULL DEFAULT nextval('sync.position_seq'),
    PRIMARY KEY (tenant, txid, seq)
);
CREATE INDEX change_log_written_at ON sync.change_log (written_at);

CREATE TABLE sync.change_outcome (
    tenant       text        NOT NULL,
    change_id    text        NOT NULL,
    device       text        NOT NULL,
    collection   text        NOT NULL,
    entity_id    text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('applied', 'merged', 'conflict', 'rejected', 'pending')),
    attempt      integer     NOT NULL,
    version      bigint,
    conflict_id  text,
    code         text,
    -- the conflict event sent when the change detoured; sent again if the change is delivered again
    detour_event jsonb,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    txid         xid8        NOT NULL DEFAULT pg_current_xact_id(),
    seq          bigint      NOT NULL DEFAULT nextval('sync.position_seq'),
    PRIMARY KEY (tenant, change_id)
);
CREATE INDEX change_outcome_device_position ON sync.change_outcome (tenant, device, txid, seq);

-- Each entity's queue of waiting changes, in position order: changes behind the one change of the entity that is in
-- the conflict path (the fence), and changes waiting for their dependencies (and everything behind them).
CREATE TABLE sync.queued_change (
    tenant          text        NOT NULL,
    change_id       text        NOT NULL,
    collection      text        NOT NULL,
    entity_id       text        NOT NULL,
    envelope        jsonb       NOT NULL,
    queued_at       timestamptz NOT NULL,
    -- when a change still waiting for its dependencies is rejected with dependency-missing
    deadline        timestamptz NOT NULL,
    position        bigint      NOT NULL,
    PRIMARY KEY (tenant, change_id)
);
CREATE INDEX queued_change_entity ON sync.queued_change (tenant, collection, entity_id, position);

-- Per tenant, the newest change-log position that retention removed: an older cursor must resync.
CREATE TABLE sync.pull_horizon (
    tenant     text        PRIMARY KEY,
    txid       xid8        NOT NULL,
    seq        bigint      NOT NULL,
    moved_at   timestamptz NOT NULL DEFAULT now()
);
