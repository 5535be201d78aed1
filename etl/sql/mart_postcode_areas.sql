-- mart_postcode_areas: per council, the postcode areas its suppliers' postcodes are in that the postcode register
-- (Code-Point Open as loaded) lacks, so those suppliers' locality is unknown, with how many suppliers and how much
-- spend. Data and methods lists it; reading it from mart_supplier_totals when asked scanned every supplier row
-- with a regular expression (20+ ms at 10M lines), most of that page's query time.
-- grain: council_code, postcode_area
-- postcode_area: read from the locality evidence etl/classify.py writes ('postcode N16 7UX: area N is not ...'),
--   for suppliers whose locality rule is $area_not_covered (kil/classes.py LOCALITY_AREA_NOT_COVERED).
-- suppliers: distinct suppliers over every financial year, kind and basis of mart_supplier_totals.
with not_covered as (
    select council_code, regexp_extract(locality_value, 'area ([A-Z]+) ', 1) as postcode_area, supplier_key,
           amount, synthetic
    from mart_supplier_totals
    where locality_rule = $area_not_covered and ($scope is null or council_code = $scope)
)

select council_code, postcode_area, count(distinct supplier_key) as suppliers, sum(amount) as amount,
       bool_or(synthetic) as synthetic
from not_covered
group by all
order by council_code, postcode_area
