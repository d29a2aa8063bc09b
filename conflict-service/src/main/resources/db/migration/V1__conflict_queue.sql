-- The conflict-service's own schema (DESIGN.md section 2): the answer given to each conflict event, and the manual
-- queue. JSON documents are stored as text: they are only ever read whole, never queried inside.

-- One row per (change, attempt) answered: a conflict event delivered again gets the same answer again, so that no
-- second merged change and no second manual item can come out of a replay.
CREATE TABLE answer (
    id         text        PRIMARY KEY, -- tenant/changeId/attempt (none of them can hold a slash)
    tenant     text        NOT NULL,
    change_id  text        NOT NULL,
    attempt    integer     NOT NULL,
    verdict    text        NOT NULL,
    envelope   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Conflicts waiting for a person, and how they were decided.
CREATE TABLE item (
    id                    text        PRIMARY KEY,
    tenant                text        NOT NULL,
    status                text        NOT NULL CHECK (status IN ('open', 'resolved', 'dismissed')),
    reason                text        NOT NULL,
    collection            text        NOT NULL,
    entity_id             text        NOT NULL,
    change_id             text        NOT NULL,
    attempt               integer     NOT NULL,
    device                text        NOT NULL,
    op                    text        NOT NULL,
    remote_version        bigint      NOT NULL,
    remote_deleted        boolean     NOT NULL,
    base                  text,
    local                 text,
    remote                text        NOT NULL,
    conflicts             text        NOT NULL,
    proposal              text        NOT NULL,
    envelope              text        NOT NULL,
    created_at            timestamptz NOT NULL,
    decided_by            text,
    decided_at            timestamptz,
    resolution            text,
    resolution_change_id  text,
    -- the resolution's change envelope until Kafka acknowledged it; null once sent (the outbox)
    resolution_unsent     text
);

CREATE INDEX item_by_status ON item (tenant, status, created_at, id);
CREATE INDEX item_unsent ON item (id) WHERE resolution_unsent IS NOT NULL;
