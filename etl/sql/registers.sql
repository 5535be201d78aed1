-- Reference tables the supplier classification and the marts use. Loaded by the build from
-- etl/readers/registers.py (postcodes_load), etl/grants.py (grant_categories_load) and etl/classify.py (suppliers).

-- Code-Point Open postcode units -> council (LAD) and ward codes, as at `vintage` (codepoint-2025-10).
create table if not exists postcodes (
    postcode varchar primary key,      -- normalised 'BD1 1AF'
    council_code varchar,              -- LAD code; missing for units without coordinates
    ward_code varchar,
    vintage varchar not null
);

-- Expense categories counted as grants, per council (data/reference/grant_categories.csv). A council listed here
-- publishes a category column (spend.expense_type); spend of councils not listed has is_grant = null.
create table if not exists grant_categories (
    council_code varchar not null,
    expense_type varchar not null,     -- verbatim value of spend.expense_type
    note varchar
);

-- One row per council x supplier_key: class, locality and the evidence for each (etl/classify.py).
create table if not exists suppliers (
    council_code varchar not null,
    supplier_key varchar not null,     -- etl.classify.normalise_name(spend.supplier_name)
    display_name varchar,              -- a verbatim name; show it only when is_organisation
    class varchar not null,            -- an id of kil.classes.CLASSES
    class_rule varchar not null,
    class_source varchar,
    class_value varchar,
    locality varchar not null,         -- local | non_local | unknown
    locality_rule varchar not null,
    locality_source varchar,
    locality_value varchar,
    postcode varchar,
    supplier_council_code varchar,
    supplier_ward_code varchar,
    is_organisation boolean not null,
    corrected boolean not null,
    amount decimal(18, 2),
    council_flag varchar,              -- the council's VCSE flag: 'Y', 'blank' (published, not set), null (no flag column)
    primary key (council_code, supplier_key)
);
