-- Datasets: named, versioned lists of JSON rows. A row is stored once per project, keyed by the
-- SHA-256 of its canonical JSON (dev.weft.datasets.CanonicalJson), so versions that share rows
-- share storage. Rows are per project (not global) so that deleting a project removes its data
-- and no project can learn whether another holds a given row.
create table datasets (
    id           bigint generated always as identity primary key,
    project_id   bigint      not null references projects (id) on delete cascade,
    name         text        not null,
    description  text,
    created_at   timestamptz not null default now(),
    unique (project_id, name)
);

-- The canonical JSON text itself is stored (not jsonb): it is exactly what the digest covers,
-- and jsonb would re-order keys and reject the NUL character that JSON strings may hold.
create table dataset_rows (
    project_id  bigint not null references projects (id) on delete cascade,
    digest      bytea  not null,
    data        text   not null,
    primary key (project_id, digest)
);

-- A version is immutable; its digest is SHA-256 over its row digests in order.
create table dataset_versions (
    id          bigint generated always as identity primary key,
    dataset_id  bigint      not null references datasets (id) on delete cascade,
    number      int         not null,
    digest      bytea       not null,
    row_count   int         not null,
    base        int,
    message     text,
    created_at  timestamptz not null default now(),
    unique (dataset_id, number)
);
create index dataset_versions_digest on dataset_versions (dataset_id, digest);

-- The ordered rows of each version; the primary key serves keyset paging by position.
create table dataset_version_rows (
    version_id  bigint not null references dataset_versions (id) on delete cascade,
    position    int    not null,
    row_digest  bytea  not null,
    primary key (version_id, position)
);

-- Movable names for versions (prod, v2, ...).
create table dataset_tags (
    dataset_id  bigint      not null references datasets (id) on delete cascade,
    tag         text        not null,
    version_id  bigint      not null references dataset_versions (id) on delete cascade,
    updated_at  timestamptz not null default now(),
    primary key (dataset_id, tag)
);
