-- Evaluations: a model/prompt scored over a dataset version. The dataset is referenced by
-- (name, version digest) strings, not a foreign key, so evaluations of datasets kept elsewhere
-- (files in a repository) are stored the same way.
create table evaluations (
    id               uuid        primary key,
    project_id       bigint      not null references projects (id) on delete cascade,
    name             text        not null,
    dataset_name     text,
    dataset_version  text,
    model            text,
    prompt           text,
    parameters       jsonb       not null default '{}'::jsonb,
    scorers          text[]      not null default '{}',
    git_commit       text,
    summary          jsonb       not null default '{}'::jsonb,
    duration_ms      bigint,
    state            text        not null default 'running',
    row_count        integer     not null default 0,
    created_at       timestamptz not null default now(),
    finished_at      timestamptz
);
create index evaluations_project_created on evaluations (project_id, created_at desc, id);
create index evaluations_project_dataset on evaluations (project_id, dataset_name, created_at desc);

-- One row per dataset row × trial. Scores are a JSON object name → number so any scorer set fits;
-- sorting and filtering by a score reads (scores->>'name')::float8.
create table evaluation_rows (
    evaluation_id  uuid             not null references evaluations (id) on delete cascade,
    row_index      integer          not null,
    trial          integer          not null,
    row_id         text,
    row_digest     text             not null,
    input          jsonb,
    output         jsonb,
    scores         jsonb            not null default '{}'::jsonb,
    passed         jsonb            not null default '{}'::jsonb,
    reasons        jsonb            not null default '{}'::jsonb,
    latency_ms     double precision,
    input_tokens   bigint,
    output_tokens  bigint,
    cost_usd       double precision,
    error          text,
    scorer_errors  jsonb            not null default '{}'::jsonb,
    trace_id       text,
    primary key (evaluation_id, row_index, trial)
);
-- Comparisons pair rows of two evaluations by digest.
create index evaluation_rows_digest on evaluation_rows (evaluation_id, row_digest);
