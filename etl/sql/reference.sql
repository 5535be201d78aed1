-- Reference tables: councils, neighbourhoods (wards), MSOAs, Covid cases, adult social care.
-- Filled by etl/readers/reference.py; each reader's DataFrame has exactly these columns, in this order.

create table if not exists councils (
    code varchar primary key,              -- 2019 GSS code (LAD19, or E10 county)
    name varchar not null,                 -- as in the ONS boundary files ("Bristol, City of")
    type varchar not null,                 -- unitary | district | metropolitan borough | London borough | county
    region varchar,                        -- ONS region name
    population bigint,                     -- mid-2019 estimate
    population_source varchar,
    imd_score double,                      -- IoD2019 average score (LA summary); null for counties
    imd_rank integer,                      -- rank of imd_score among the 317 LADs, 1 = most deprived
    imd_proportion_most_deprived_10pc double,
    imd_extent double,
    income_score double,
    employment_score double,
    education_score double,
    health_score double,
    crime_score double,
    housing_and_access_score double,
    environment_score double,
    imd_note varchar,
    keep_it_local_network boolean not null,
    keep_it_local_pilot boolean not null,
    make_it_local boolean not null,
    social_care_council_code varchar not null  -- the council responsible for adult social care here
);

create table if not exists neighbourhoods (
    ward_code varchar primary key,         -- the code Code-Point Open gives for the council's postcodes
    ward_name varchar not null,
    council_code varchar not null,
    boundary_vintage varchar not null,     -- WD19 | WD24 | WD25
    geometry_geojson varchar not null,     -- GeoJSON geometry, WGS84, lightly simplified
    centroid_lon double not null,
    centroid_lat double not null,
    imd_score double,                      -- IoD2019 aggregated to 2019 wards (unofficial); null when no 2019 ward
    imd_proportion_most_deprived_10pc double,
    imd_extent double,
    income_score double,
    employment_score double,
    education_score double,
    health_score double,
    crime_score double,
    housing_and_access_score double,
    environment_score double,
    imd_note varchar not null
);

create table if not exists msoas (
    msoa_code varchar primary key,         -- 2011 MSOA code
    msoa_name varchar not null,            -- House of Commons Library name
    msoa_ons_name varchar not null,        -- ONS name, e.g. "Bradford 001"
    council_code varchar not null,
    boundary_vintage varchar not null,
    geometry_geojson varchar not null,
    centroid_lon double not null,
    centroid_lat double not null,
    imd_score double,                      -- IoD2019 aggregated to 2011 MSOAs (unofficial)
    imd_proportion_most_deprived_10pc double,
    imd_extent double,
    income_score double,
    employment_score double,
    education_score double,
    health_score double,
    crime_score double,
    housing_and_access_score double,
    environment_score double,
    imd_note varchar not null
);

create table if not exists covid_cases (
    council_code varchar not null,
    week_start date not null,              -- Monday
    week_ending date not null,             -- Sunday
    cases integer,                         -- null = not reported for this area and week
    population bigint,                     -- denominator of rate_per_100k (mid-2019)
    rate_per_100k double,
    is_partial_week boolean not null,      -- some days of the week are missing from the source
    note varchar,
    primary key (council_code, week_ending)
);

create table if not exists social_care_measures (
    measure_id varchar primary key,        -- Oflog code, ASC1..ASC7
    name varchar not null,
    unit varchar not null,
    higher_is_better boolean,              -- from the source's rank_order; null where it gives none
    in_headlines boolean not null,
    source_note varchar not null
);

create table if not exists social_care (
    council_code varchar not null,         -- 2019 code (see source_council_code)
    measure_id varchar not null,
    financial_year varchar not null,       -- e.g. 2021-22
    value double,                          -- null = missing in the source (blank, or a zero that stands for missing)
    source_council_code varchar not null,  -- the code as Oflog gives it
    note varchar,
    primary key (council_code, measure_id, financial_year)
);
