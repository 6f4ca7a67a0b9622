-- A project's price override may price the input tokens a provider serves from (or writes to) its
-- prompt cache; null: those tokens cost what other input tokens cost.
alter table model_prices
    add column cache_read_per_million  double precision check (cache_read_per_million >= 0),
    add column cache_write_per_million double precision check (cache_write_per_million >= 0);
