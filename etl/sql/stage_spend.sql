-- One spend file's records (temp table `incoming`, all text) -> typed lines, with a reject reason where they fail.
-- The file's values never enter this text: they are columns of `incoming`.
-- Amounts: '£', thousands separators and spaces removed; '(x)' and a trailing minus ('612.40-') are credits;
-- exponent forms allowed; '£ -' (accounting's zero) is 0.
-- Dates: ISO first (the common case), then the file's formats ($date_formats: day-first or month-first, as
-- etl/load_spend.py decided from the file's values), dd-Mon-yy and others, then spreadsheet serial numbers.
-- Run in a scratch DuckDB of its own (etl/load_spend.py's `prepare`); its rows, in the file's order, become `stage`.
with cells as (
    select
        idx, source_row, blank,
        nullif(trim(payment_date), '') as date_text,
        nullif(trim(amount), '') as amount_text,
        nullif(trim(supplier_name), '') as supplier_name,
        nullif(trim(supplier_id), '') as supplier_id,
        nullif(trim(service_area), '') as service_area,
        nullif(trim(expense_type), '') as expense_type,
        nullif(trim(description), '') as description,
        nullif(trim(vcse_flag), '') as vcse_flag,
        nullif(trim(charity_number), '') as charity_number,
        nullif(trim(company_number), '') as company_number
    from incoming
),
parsed as (
    select *,
        coalesce(   -- each later argument is worked out only for the lines the earlier ones left null
            try_cast(amount_text as decimal(24, 6)),
            case when amount_text like '%£%-%' and trim(replace(replace(amount_text, '£', ''), '-', '')) = ''
                 then 0::decimal(24, 6) end,                                    -- '£ -': accounting's zero
            case when regexp_matches(regexp_replace(amount_text, '[£,\s()"]', '', 'g'),
                                     '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?-?$')
                 then try_cast(try_cast(rtrim(regexp_replace(amount_text, '[£,\s()"]', '', 'g'), '-') as double)
                               as decimal(24, 6))
                      * case when regexp_matches(amount_text, '^[£\s"]*\(.*\)[\s"]*$') then -1 else 1 end   -- '£ (612.40)'
                      * case when regexp_matches(amount_text, '[0-9.]\s*-\s*"?\s*$')
                              and not regexp_matches(amount_text, '^\s*"?\s*£?\s*-') then -1 else 1 end
            end
        ) as amount,
        coalesce(
            case when substr(date_text, 5, 1) = '-' then try_cast(date_text as date) end,   -- ISO ('14/04/23'
            try_strptime(date_text, $date_formats)::date,                               -- would cast as 0014-04-23)
            case when regexp_matches(date_text, '^[1-9][0-9]{4}(\.0+)?$')
                 then date '1899-12-30' + cast(cast(date_text as double) as integer) end
        ) as payment_date
    from cells
)
select
    idx, source_row, payment_date, amount, supplier_name, supplier_id, service_area, expense_type, description,
    vcse_flag, charity_number, company_number,
    case
        when blank then 'blank line'
        when payment_date is null
             and (supplier_name is null and amount is not null
                  or lower(concat_ws(' ', date_text, supplier_name, service_area, description)) like '%total%')
            then 'totals row'
        when amount_text is null then 'no amount'
        when amount is null then 'amount ''' || amount_text || ''' is not a number'
        when date_text is null then 'no payment date'
        when payment_date is null then 'date ''' || date_text || ''' not recognised'
        when year(payment_date) not between 1990 and 2100 then 'date ''' || date_text || ''' out of range'
    end as reject_reason,
    hash(payment_date, amount, supplier_name, supplier_id, service_area, expense_type, description, vcse_flag,
         charity_number, company_number) as line_key
from parsed;
