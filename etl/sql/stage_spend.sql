-- One spend file's records (table `incoming`, all text) -> typed lines with a reject reason where they fail.
-- Parameters: none. Values of the file never enter this text; they are columns of `incoming`.
create or replace temp table stage as
with cells as (
    select
        source_row, raw_line, blank,
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
amounts as (
    select *,
        regexp_matches(amount_text, '^\(.*\)$') as in_brackets,
        regexp_replace(amount_text, '[£,\s()"]', '', 'g') as amount_digits
    from cells
),
parsed as (
    select *,
        case when regexp_matches(amount_digits, '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$')
             then coalesce(try_cast(amount_digits as decimal(24, 6)),
                           try_cast(try_cast(amount_digits as double) as decimal(24, 6)))
        end * case when in_brackets then -1 else 1 end as amount,
        coalesce(
            try_strptime(date_text, ['%Y-%m-%d', '%d/%m/%Y', '%d-%b-%y', '%d-%b-%Y', '%d/%m/%y',
                                     '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%d/%m/%Y %H:%M:%S',
                                     '%d/%m/%Y %H:%M', '%d %b %Y', '%d %B %Y', '%d.%m.%Y', '%Y/%m/%d'])::date,
            case when regexp_matches(date_text, '^[1-9][0-9]{4}(\.0+)?$')
                 then date '1899-12-30' + cast(cast(date_text as double) as integer) end
        ) as payment_date
    from amounts
)
select
    source_row, raw_line, date_text, amount_text,
    payment_date, amount, supplier_name, supplier_id, service_area, expense_type, description,
    vcse_flag, charity_number, company_number,
    case
        when blank then 'blank line'
        when payment_date is null and (lower(raw_line) like '%total%' or (supplier_name is null and amount is not null))
            then 'totals row'
        when amount_text is null then 'no amount'
        when amount is null then 'amount ''' || amount_text || ''' is not a number'
        when date_text is null then 'no payment date'
        when payment_date is null then 'date ''' || date_text || ''' not recognised'
        when year(payment_date) not between 1990 and 2100 then 'date ''' || date_text || ''' out of range'
    end as reject_reason,
    md5_number(to_json([payment_date::varchar, amount::varchar, supplier_name, supplier_id, service_area,
                        expense_type, description, vcse_flag, charity_number, company_number]))
        as line_key
from parsed;
