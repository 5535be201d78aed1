-- Synthetic demo tables (etl/demo.py writes the files, etl/readers/demo.py reads them). Every row is synthetic.

create table if not exists asset_transfers (
    council_code varchar not null,
    asset_id varchar not null,
    asset_name varchar,
    address varchar,
    postcode varchar,                  -- real Code-Point postcode in the council (blank where the file has none)
    ward_code varchar,
    ward_name varchar,
    asset_type varchar,                -- community centre | library | park | youth and scout hut | sports | office | other
    receiving_organisation varchar,    -- fictional, ends in " (demo)"
    tenure varchar,                    -- freehold | lease 25+ years | lease 5-25 years | lease under 5 years | licence
    date_agreed date,                  -- blank unless completed
    under_cat_policy varchar,          -- Y | N
    status varchar,                    -- completed | in progress | withdrawn
    market_value decimal(18, 2),
    discount decimal(18, 2),
    synthetic boolean not null default true,
    source_file varchar not null,
    source_row bigint not null
);

create table if not exists pilot_metrics (
    pilot varchar not null,
    organisation varchar not null,
    organisation_type varchar,         -- community business | equalities organisation
    ward_code varchar,
    month date not null,               -- first day of the month
    metric varchar not null,           -- people_supported | hours_of_care | cost_per_hour | wellbeing_wemwbs | ...
    value double,
    target double,
    unit varchar,
    synthetic boolean not null default true,
    source_file varchar not null,
    source_row bigint not null
);
