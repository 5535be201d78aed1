-- Ledger, spend and coverage. Reference tables live in their own .sql files beside this one.
create sequence if not exists load_seq start 1;

create table if not exists build_info (
    build_id varchar, built_at timestamp, schema_version integer, product_version varchar
);

create table if not exists loads (
    load_id integer primary key,
    dataset varchar not null,          -- spend, councils, neighbourhoods, covid_cases, ...
    source_file varchar not null,      -- path relative to the data folder
    sha256 varchar,
    council_code varchar,
    kind varchar,                      -- spend | card (spend files)
    period varchar,                    -- YYYY-MM or YYYY-Qn (spend files)
    status varchar not null,           -- loaded | unchanged | rejected | withdrawn | retired, and the events
                                       -- unload (etl unload) and retire (synthetic spend retired by real spend)
    rows_read bigint, rows_loaded bigint, rows_rejected bigint, rows_duplicate bigint, rows_missing bigint,
    amount_loaded decimal(18, 2),
    message varchar,
    synthetic boolean not null default false,
    provenance json,
    loaded_at timestamp default current_timestamp,
    loaded_by varchar,                 -- who loaded it: 'build', 'cli:<user>', an officer's identity or key id
    stored_copy varchar                -- the copy this load stored in the data folder (etl unload removes it)
);

create table if not exists rejects (
    load_id integer, row_number bigint, raw_line varchar, reason varchar
);

create table if not exists spend (
    council_code varchar not null,
    kind varchar not null,             -- spend | card
    period varchar not null,           -- the file's period
    payment_date date,                 -- the line's own date
    month date,                        -- first day of the payment month
    amount decimal(18, 2) not null,    -- pounds, credits negative
    supplier_name varchar,             -- verbatim
    supplier_id varchar,
    service_area varchar,
    expense_type varchar,
    description varchar,
    vcse_flag varchar,                 -- the council's own VCSE flag, verbatim (Calderdale's LGA template)
    charity_number varchar,
    company_number varchar,
    synthetic boolean not null default false,
    source_file varchar not null,
    source_row bigint not null,
    load_id integer not null,
    line_key ubigint not null,         -- hash of the parsed line, to compare re-publications as multisets
    supplier_key varchar               -- normalised supplier name, set by the build (etl/derive.py)
);
