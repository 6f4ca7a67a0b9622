-- Experiment runs (domain rows, few per project) and their metric history (hot, append-mostly).

create table runs (
    project_id        bigint not null references projects (id) on delete cascade,
    id                text   not null,
    name              text,
    group_name        text,
    tags              text[] not null default '{}',
    config            jsonb  not null default '{}',
    summary           jsonb  not null default '{}',
    notes             text,
    host              jsonb,
    git               jsonb,
    state             text   not null default 'running'
                      check (state in ('running', 'finished', 'failed', 'crashed')),
    exit_code         integer,
    created_at        timestamptz not null default now(),
    started_at        timestamptz not null default now(),
    finished_at       timestamptz,
    last_heartbeat_at timestamptz,
    primary key (project_id, id)
);

-- Default listing order (newest first) and keyset paging on it.
create index runs_created on runs (project_id, created_at desc, id desc);
-- Tag filters (tags @> array[...]) and config/summary equality filters (jsonb @>).
create index runs_tags on runs using gin (tags);
create index runs_config on runs using gin (config jsonb_path_ops);
create index runs_summary on runs using gin (summary jsonb_path_ops);
-- The crash detector only looks at running runs, by last sign of life.
create index runs_alive on runs ((coalesce(last_heartbeat_at, started_at))) where state = 'running';

-- One row per (run, key, step). The primary key makes replays idempotent (on conflict do nothing)
-- and serves history reads (one run, one key, a step range) as an index range scan. No foreign
-- key to runs: the writer checks the run once per request instead of once per point, and a
-- per-row FK check would cost more than the insert itself at this volume. Not partitioned: rows
-- are small, retention of runs is per run (delete by primary-key prefix), and a single b-tree
-- keeps history scans a single range read.
create table run_metrics (
    project_id bigint           not null,
    run_id     text             not null,
    key        text             not null,
    step       bigint           not null check (step >= 0),
    value      double precision not null,
    time       timestamptz      not null,
    primary key (project_id, run_id, key, step)
);
