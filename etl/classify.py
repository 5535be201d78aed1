"""Supplier -> class + locality, with the evidence for each, and people kept out of sight.

Pure pandas: no database. Input is one row per council x verbatim supplier name (see SUPPLIER_INPUT_SQL); output
is one row per council x supplier_key, where supplier_key = normalise_name(supplier_name). The class and locality
ids are kil.classes'. The reviewed lists (public bodies, corrections) are read from the data folder the build is
given. One module over 400 lines because it is one job: the rules below, in this order, are read top to bottom in
classify_suppliers, and splitting them would hide their precedence.

Class, first rule that applies wins (each row says which rule, from which source, on what value):

 1. correction        a reviewed override in data/corrections/supplier_corrections.csv
 2. people            a redaction that says it protects a person ('REDACTED PERSONAL DATA', 'REDACTED - PERSONAL',
                      'NAME WITHHELD'), an honorific, a personal-budget or client-group label, a foster-care payment
                      run, a childminder or IR35 contractor -> individual. These come before the council's flag: a
                      line that stands for a person stays hidden whatever else is said about it.
 2b. not identifiable a blank name, a spreadsheet error or filler ('#N/A', '#REF!', '0'), any other redaction
                      ('REDACTED', 'REDACTED DATA', 'DETAILS REDACTED', 'REDACTED COMMERCIAL CONFIDENTIALITY'), a payment-run label ('MISCELLANEOUS PAYMENTS BACS', 'VARIOUS
                      TOTAL EXPENSES') or a placeholder ('NOTCA') -> unattributed: a real payment of no identifiable
                      supplier, which may be a school, a firm or a person. After people, so a redaction that names
                      personal data (even inside a payment-run label) stays an individual's; before the council's
                      flag and everything after it, because no evidence about a supplier can attach to a name that
                      names none (Calderdale's VCSE flag on a 'REDACTED' line says a VCSE was paid, not which one).
 2c. university       a university's name -> public_body, before its charity number: universities are exempt or
                      registered charities, but in a council's spend they are public bodies, not the VCSE.
 3. registered number charity number found in UK-CAT's July 2021 list -> vcse; company number in the CIC list ->
                      vcse; company number of a co-operative -> as rule 6. A number given in the file (or the
                      council's supplier register) names one organisation, so it outranks the council's flag.
 4. council flag      the council's own VCSE flag (Calderdale's LGA template column) = Y -> vcse; a class given in
                      the council's own supplier register (etl/readers/supplier_register.py). council_flag records
                      it: 'Y'; 'blank' when the supplier was paid in files that publish the flag column (any file with
                      a value in it: judged from the data, not from a list of councils) and never flagged; null where
                      no file of the supplier has the column.
 5. public body       the reviewed list data/reference/public_bodies.csv (each entry with its source), then name
                      patterns (NHS and NHS trusts however spelt, council, university, school and academy schools,
                      police and crime commissioners, fire and rescue, combined authorities and TfL, Secretary of
                      State, HMRC, HM bodies by name, departments ...). Academies that teach a sport, an art or a trade
                      (BOXING ACADEMY) and 'HM' + any word (HM FLOORING) are not public. Before the name match because
                      NHS trusts' names are also working names of their charities.
 6. name match        the name (less a trailing Ltd/CIC/... and any 'and') equals exactly one organisation's name in the
                      charity names (registered, working and previous) or the co-op register. Single-word names
                      (COLAS), names several organisations share, public-body-like names and PLCs are never matched.
                      Bradford cuts names at 35 characters, so a 35-character name is also compared with the first
                      35 characters of register names. Co-ops owned by consumers, enterprises or the self-employed
                      count as private; other co-ops (community, workers, tenants, multi-stakeholder) as vcse.
                      a. name and postcode: the council's register gives the postcode the register has -> matched.
                      b. name alone, only when the name is distinctive and the council has not said otherwise: not
                         a name shaped like a person's (a forename of the registers, an optional initial and one or
                         two plain words: see person_shaped), not a building's name (STUART HOUSE, BOWLAND LODGE),
                         not a working name of common words only (COMMUNITY SUPPORT SERVICES: every word in 500 or
                         more register organisations' names, and no word naming a kind of body such as TRUST or
                         SOCIETY), and not where the council's flag is 'blank' (rule 4: the council's own word
                         outranks a name alone). A refused match is said in the unknown's evidence.
 7. VCSE legal form   CIC, Community Interest Company, CIO, Charitable Incorporated Organisation, Community Benefit
                      Society (also 'CBS Ltd', 'C.B.S.') in the name -> vcse
 8. people, weaker    a house address ('18 SEA VIEW VILLAS'), or a line paid through Shared Lives, direct payments or
                      marked "Don't Redact" by Newcastle (input column person_context), with no organisation word
                      -> individual
 9. company legal form Ltd, Limited, PLC, LLP, or a valid company number -> private. A company is an organisation,
                      but Ltd is no evidence of VCSE or not; it only makes 'private' the best guess when nothing
                      above said otherwise. That is why it comes last.
10. otherwise unknown.

is_organisation is positive evidence that the name is an organisation's: classes vcse, public_body and private, or
an organisation word in the name (Trust, Association, Church, Centre, ...) of an unknown supplier; but a name shaped
like a person's only on evidence that names one organisation (NAMED_BY_NUMBER: a correction, a registered or
company number, the council's register). Only then may the read side show it; individual and unattributed
suppliers are never shown by name, and evidence never quotes a person-shaped name.

Locality: the postcode from the council's own supplier register, else the register postcode of the matched charity
or co-op; postcode -> council and ward through Code-Point Open (a terminated postcode falls back to its sector or
district when that lies in one council). local = the register places the postcode in the paying council, non_local
= it places it in another. Code-Point is loaded for some postcode areas only (etl.readers.registers.covered_areas:
not N or BR, say, which Hackney and Lewisham reach into), so a postcode in an area it lacks is of unknown locality,
never "based elsewhere": it may lie in the paying council.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.readers.registers import (Registers, covered_areas, normalise_charity_numbers, normalise_company_numbers,
                                   normalise_postcodes, postcode_area)
from kil.classes import CLASSES, LOCALITIES, LOCALITY_AREA_NOT_COVERED

# The reviewed lists, inside the data folder the build is given (data/ unless --data).
PUBLIC_BODIES = Path("reference") / "public_bodies.csv"
CORRECTIONS = Path("corrections") / "supplier_corrections.csv"

OUTPUT_COLUMNS = [
    "council_code", "supplier_key", "display_name", "class", "class_rule", "class_source", "class_value",
    "locality", "locality_rule", "locality_source", "locality_value", "postcode", "supplier_council_code",
    "supplier_ward_code", "is_organisation", "corrected", "amount", "council_flag",
]

# The classifier's input from the warehouse: one row per council x verbatim name. person_context marks names paid
# through services that pay people (Shared Lives, direct payments) or lines Newcastle marked "Don't Redact".
# flag_published: some line of the name is in a file that publishes a VCSE flag column (a file with any value in
# it), so a blank flag there is the council's word; a council or file without the column says nothing.
SUPPLIER_INPUT_SQL = """
with flag_files as (
    select distinct source_file from spend where vcse_flag is not null
)
select council_code,
       supplier_name,
       max(vcse_flag) as vcse_flag,
       max(charity_number) as charity_number,
       max(company_number) as company_number,
       sum(amount) as amount,
       bool_or(concat_ws(' ', service_area, expense_type, description)
               similar to '(?i).*(shared lives|adult placement|direct payment|don.t redact).*') as person_context,
       bool_or(f.source_file is not null) as flag_published
from spend
left join flag_files f using (source_file)
group by council_code, supplier_name
"""
# The same, for one council's suppliers whose keys are in $keys or not yet set (a load's new lines): a supplier's
# evidence is all its lines', so every line of those keys is read, and no other.
SUPPLIER_INPUT_SCOPED_SQL = SUPPLIER_INPUT_SQL.replace(
    "left join flag_files f using (source_file)\n",
    "left join flag_files f using (source_file)\n"
    "where council_code = $council\n"
    "  and (supplier_key is null or supplier_key in (select unnest($keys::varchar[])))\n")

SOURCE_SPEND = "council spend file"
SOURCE_PATTERN = "name pattern (etl/classify.py)"
SOURCE_CHARITY_STATUS = "UK-CAT charity numbers, July 2021"

# ---- names -----------------------------------------------------------------------------------------------------

# Spellings of one legal form made one, on the upper-cased, punctuation-free name.
_LEGAL_SPELLINGS = [
    (r"\bLIMITED\b", "LTD"),
    (r"\bL T D\b", "LTD"),
    (r"\bPUBLIC LTD COMPANY\b", "PLC"),
    (r"\bP L C\b", "PLC"),
    (r"\bCOMMUNITY INTEREST COMPANY\b", "CIC"),
    (r"\bC I C\b", "CIC"),
    (r"\bCHARITABLE INCORPORATED ORGANI[SZ]ATION\b", "CIO"),
    (r"\bCO OPERATIVE\b", "COOPERATIVE"),
]
_TRAILING_FORMS = r"(?: (?:LTD|PLC|LLP|CIC|CIO|INC|INCORPORATED))+$"


def normalise_names(names: pd.Series) -> pd.Series:
    """supplier_key for every name: upper case, accents and apostrophes dropped, '&' -> AND, other punctuation ->
    space, one spelling per legal form (LIMITED -> LTD, Community Interest Company -> CIC), no leading THE.
    Missing names -> ''."""
    s = names.astype("str").fillna("").str.replace(r"Â([\u0080-\u00BF])", r"\1", regex=True)  # 'BARNARDOÂ´S'
    s = s.str.replace(r"['’`´\u0092]", "", regex=True)
    s = s.str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True).str.upper()   # accents off
    s = s.str.replace("&", " AND ", regex=False).str.replace("+", " AND ", regex=False)
    s = s.str.replace(r"[^A-Z0-9]+", " ", regex=True).str.strip()
    for pattern, spelling in _LEGAL_SPELLINGS:
        s = s.str.replace(pattern, spelling, regex=True)
    return s.str.replace(r"^THE ", "", regex=True)


def normalise_name(name: str | None) -> str:
    """The supplier_key of one name: 'The Barnardo's (UK) Limited' -> 'BARNARDOS UK LTD'."""
    return normalise_names(pd.Series([name], dtype="str")).iloc[0]


def match_keys(keys: pd.Series) -> pd.Series:
    """A supplier_key less its trailing legal form and any AND, for comparing with register names:
    'AGE UK BRADFORD AND DISTRICT LTD' -> 'AGE UK BRADFORD DISTRICT'."""
    return keys.str.replace(_TRAILING_FORMS, "", regex=True).str.replace(r" AND\b", "", regex=True)


# ---- rules on names --------------------------------------------------------------------------------------------
# Each rule: (label shown as evidence, RE2 pattern on supplier_key). Compiled by pyarrow, vectorised.

REDACTED_COMMERCIAL = r"\bREDACTED\b.*\bCOMMERCIAL\b|\bCOMMERCIAL(?:LY)? CONFIDENTIAL"
PEOPLE = [
    ("personal-data redaction", r"\bREDACTED\b.*\bPERSONAL\b|\bPERSONAL\b.*\bREDACTED\b|\bPERSONAL DATA\b"
                                r"|\bDATA PROTECTION\b|\bGDPR\b|\bWITHHELD\b|\bNOT DISCLOSED\b"),
    ("honorific", r"^(?:MR|MRS|MS|MISS|MX|DR|REV|REVD|PROF) [A-Z]|\b(?:MR|MRS|MISS) [A-Z]"),
    ("personal-budget or client-group label",
     r"^20[0-9]{2} [0-9]{2}[A-Z]* |^(?:PERSONAL BUDGETS?|DIRECT PAYMENTS?|SERVICE USERS?|CLIENTS?)$"
     r"|^(?:DEMENTIA|LEARNING DISABILIT(?:Y|IES)|MENTAL HEALTH|PHYSICALLY DISABLED|OTHER VULNERABLE PEOPLE)$"),
    ("foster-care payment run", r"^FOSTER (?:CARE|CARERS?)(?: BACS| PAYMENTS?| ALLOWANCES?)?$"),
    ("childminder", r"\bCHILDMINDER\b"),
    ("IR35 contractor", r"\bIR35\b"),
]
# Rule 2b, after PEOPLE: names that name no supplier at all.
NOT_IDENTIFIABLE = [
    ("redacted as commercially confidential", REDACTED_COMMERCIAL),
    ("redaction marker (not said to protect a person)", r"\bREDACTED\b|^REDACT$|^REDACTION$"),
    ("payment run label", r"^(?:MISCELLANEOUS|SUNDRY|VARIOUS|ELECTIONS|HOUSING) (?:PAYMENTS?|TOTAL EXPENSES|CREDITORS?)\b"),
    ("spreadsheet error or filler value",      # '#N/A', '#REF!', '#VALUE!', '0', 'XXX' after normalising
     r"^(?:N A|REF|VALUE|NAME|DIV 0|NULL|NUM|SPILL|CALC|ERROR|0+|X+|DO NOT USE)$"),
    ("placeholder", r"^(?:NOTCA|N A|NA|NONE|NOT KNOWN|NOT APPLICABLE|UNKNOWN|TBC|TBA|SUNDRIES|SUNDRY|VARIOUS|"
                    r"MISC|MISCELLANEOUS)$"),
]
ADDRESS = (r"^[0-9]+[A-Z]? (?:[A-Z]+ ){0,3}(?:STREET|ROAD|AVENUE|VILLAS?|TERRACE|CLOSE|DRIVE|LANE|GROVE|CRESCENT|"
           r"GARDENS|WAY|PLACE|COURT|VIEW|WALK|MEWS|RISE|COTTAGES?|HOUSE)$")

PUBLIC = [
    # NHS trusts also as 'NHST', 'NHSFT', 'NHSF TRUST', or without NHS: 'NEWCASTLEUPONTYNE HOSPITALTRUST'.
    ("NHS", r"\bNHS(?:T|FT|F)?\b|NATIONAL HEALTH SERVICE|\bCCG\b|CLINICAL COMMISSIONING"
            r"|HOSPITALS? ?(?:NHS )?(?:FOUNDATION )?TRUST$|\bHEALTH ?CARE (?:NHS )?(?:FOUNDATION )?TRUST$"
            r"|\bAREA HEALTH TRUST$"),
    ("council", r"COUNCIL\b|\bMETROPOLITAN (?:BOROUGH|DISTRICT)\b|\b(?:MBC|MDC)$|^(?:LONDON )?BOROUGH OF\b"),
    ("university", r"\bUNIVERSITY\b"),
    ("school", r"\bSCHOOLS?\b|\b(?:PRIMARY|JUNIOR|INFANT|HIGH|SECONDARY) ACADEM|\bACADEM(?:Y|IES) TRUST\b"
               r"|\bMULTI ACADEMY\b|\bLEARNING TRUST\b|\bCOLLEGE$|\bSIXTH FORM\b|\b(?:CO OP|PROVISION) ACADEMY\b"
               r"|\b(?:PRIMARY|SPECIAL|HIGH|INFANT|JUNIOR) (?:SC|SCH|SCHO|SCHOO)$"    # Bradford's 35-character cut
               r"|\bACADEM(?:Y|IES)\b"),           # state-funded academies; other academies: NOT_PUBLIC
    ("police", r"\bPOLICE$|\bPOLICE (?:AUTHORITY|FORCE|SERVICE)\b|\bCONSTABULARY\b|CRIME CO(?:M)+ISSIONER"
               r"|\bPOLIC(?:E|ING) AND CRIME\b|\bOPCC\b"),
    ("fire and rescue", r"\bFIRE (?:AND RESCUE|AUTHORITY|SERVICE)\b"),
    ("combined authority", r"\bCOMBINED AUTH|\bMAYORAL COMBINED\b|^SOUTH YORKSHIRE MAYORAL$|^WYCA\b|PASSENGER TRANSPORT"
                           r"|^TRANSPORT FOR (?:LONDON|LOND|THE NORTH|GREATER MANCHESTER|WEST MIDLANDS)\b"),
    ("Secretary of State", r"\bSECRETARY OF STATE\b"),
    ("HMRC", r"\bHMRC\b|\bHM REVENUE\b|REVENUE AND CUSTOMS"),
    # 'HM' only before the name of a crown body: 'HM FLOORING' and 'HM RESIDENTIAL' are firms.
    ("HM government", r"^(?:HM|H M|HER MAJESTYS|HIS MAJESTYS) (?:REVENUES?|CUSTOMS|COURTS?|AND TRIBUNALS?|PRISONS?|"
                      r"TREASURY|LAND REGISTRY|PASSPORT|GOVERNMENT|INSPECTORATE|COASTGUARD|MINISTRY|CORONERS?|"
                      r"PROBATION|CROWN|FORCES)\b"
                      r"|^(?:DEPARTMENT|DEPT|DPT|MINISTRY) (?:FOR|OF) |\bMINISTRY OF (?:JUSTICE|DEFENCE|HOUSING)\b"
                      r"|\bHOME OFFICE\b|\bCABINET OFFICE\b|\bMAGISTRATES\b|\bCOURTS AND TRIBUNALS\b|^HMCTS\b"
                      r"|\bPROBATION SERVICE\b|\bNATIONAL PROBATION\b|^DVLA\b|\bINLAND REVENUE\b|\bCOAL AUTHORITY\b"
                      r"|^GOVERNMENT (?:LEGAL DEPARTMENT|BANKING|PROPERTY AGENCY|ACTUARY)"),
    ("ambulance service", r"\bAMBULANCE SERVICE\b"),
]
# Names that look public but are not: councils for voluntary service, pre-schools, driving schools, NHS charities,
# academies that teach a sport, an art or a trade (a school academy's name has none of these words), PTAs.
NON_SCHOOL_ACADEMY = (r"BOXING|SOCCER|FOOTBALL|FC|DANCE|DANCING|BALLET|HAIR|HAIRDRESSING|BEAUTY|BARBERS?|NAILS?|DRAMA|"
                      r"THEATRE|THEATRICAL|ACTING|FILM|STAGE|PERFORMING|MUSIC|SINGING|SPORTS?|SPORTING|STARS|TRAINING|"
                      r"CARE|CONSULTANCY|CONSULTING|FASHION|RETAIL|VIRTUAL|COACH|COACHING|NURSERY|KIDS|PLAY|MARTIAL|"
                      r"KARATE|JUDO|GYMNASTICS?|SWIM|SWIMMING|TENNIS|GOLF|CRICKET|RUGBY|SKILLS|DRIVING|LANGUAGES?|"
                      r"TUITION|TUTORS?|TUTORING|CODING|COOKERY|CHEFS?|DESIGN|ENERGY|SECURITY|PTA|FRIENDS|ANCIENT|"
                      r"CIRCUS|ARTS|CREATIVE|MEDIA|RECOVERY|APPOINTMENTS|FITNESS|YOGA|GYM")
NOT_PUBLIC = (r"\bCOUNCIL (?:FOR|OF)\b|\bPRE SCHOOL|\b(?:DRIVING|DANCE|SWIM|SWIMMING|SURF|SKI|STAGE|THEATRE|MUSIC) "
              r"SCHOOL|\bSCHOOLWEAR\b|\bFOREST SCHOOL|\bSCHOOL UNIFORM|\bCHARIT|\bUNIVERSITY OF THE THIRD AGE\b|\bSTUDENTS UNION\b"
              r"|\bLTD$|\bPLC$")
# An academy that is not a school: an activity word beside ACADEMY, and nothing that names a school or its trust.
NOT_SCHOOL_ACADEMY = (r"\bACADEM(?:Y|IES)\b.*\b(?:" + NON_SCHOOL_ACADEMY + r")\b|\b(?:" + NON_SCHOOL_ACADEMY
                      + r")\b.*\bACADEM|\bACADEMY OF\b")
SCHOOL_WORDS = r"\bSCHOOLS?\b|\bCOLLEGE\b|\bACADEM(?:Y|IES) TRUST\b|\bMULTI ACADEMY\b"


def _not_public(keys: pd.Series) -> pd.Series:
    """Keys that a public-body pattern may catch but that are not public bodies (NOT_PUBLIC, NOT_SCHOOL_ACADEMY)."""
    return (keys.str.contains(NOT_PUBLIC, regex=True)
            | (keys.str.contains(NOT_SCHOOL_ACADEMY, regex=True) & ~keys.str.contains(SCHOOL_WORDS, regex=True)))

VCSE_FORMS = [
    ("CIC", r"\bCIC\b"),
    ("CIO", r"\bCIO\b"),
    ("Community Benefit Society", r"\bCOMMUNITY BENEFIT SOCIETY\b|\bBENCOM\b|\b(?:CBS|C B S)(?: LTD)?$"),
]
COMPANY_FORM = r"\b(?:LTD|PLC|LLP|INC|CORPORATION)\b|\b(?:LIMITE|LIMIT|LIMI)$"
COMPANY_FORM_CUT = r" (?:LIM|LI|LT|L)$"       # Bradford's 35-character cut: 'KIDDIECRECHE PRIVATE DAY NURSERIE L'
BRADFORD_CUT = 35
ORGANISATION_WORDS = (
    r"\b(?:LTD|PLC|LLP|CIC|CIO|INC|CORPORATION|COMPANY|TRUST|TRUSTEES|CHARITY|CHARITABLE|ASSOCIATION|SOCIETY|"
    r"FOUNDATION|CLUB|CHURCH|CHAPEL|MOSQUE|MASJID|TEMPLE|GURDWARA|SYNAGOGUE|PARISH|DIOCESE|COUNCIL|SCHOOL|"
    r"ACADEMY|COLLEGE|UNIVERSITY|NURSERY|NURSERIES|PLAYGROUP|CENTRE|CENTER|GROUP|NETWORK|PROJECT|FORUM|"
    r"ALLIANCE|HOSPICE|HOSPITAL|FEDERATION|INSTITUTE|UNION|COOPERATIVE|AGENCY|AUTHORITY|HOUSING|COMMUNITY|"
    r"COMMITTEE|BOARD|COMMISSION|PARTNERSHIP NHS|FUND|VOLUNTARY|RESIDENTIAL|NURSING HOME|CARE HOME|HOMES|"
    r"ASSOCIATES|INTERNATIONAL|SOLICITORS)\b"
)
# Rule 6's limits on a match by name alone (no postcode to confirm it):
# - a building's name, one word and a building word ('STUART HOUSE', 'BOWLAND LODGE'): care homes and offices are
#   named so, and so are charities that own one such building;
BUILDING_NAME = (r"^(?:ST )?[A-Z]+ (?:HOUSE|COURT|LODGE|HALL|MANOR|GRANGE|VILLA|VILLAS|COTTAGE|COTTAGES|MEWS|GARDENS|"
                 r"TOWERS?|HEIGHTS|MOUNT)$")
# - a working name made only of common words ('COMMUNITY SUPPORT SERVICES'): a description any firm may trade
#   under. A word is common when at least COMMON_WORD_MIN registered organisations have it in a name (the
#   registers as loaded; single letters, as in 'R S P C A', do not count);
#   a word that names a kind of body ('THE CHILDREN'S SOCIETY', 'THE NATIONAL TRUST') is distinctive enough;
COMMON_WORD_MIN = 500
BODY_WORDS = (r"\b(?:TRUST|SOCIETY|ASSOCIATION|FOUNDATION|CHARITY|CHARITABLE|CENTRE|CLUB|CHURCH|FEDERATION|INSTITUTE|"
              r"UNION|ALLIANCE|HOSPICE|GROUP)\b")
# - a name shaped like a person's: a forename, an optional initial and one or two plain words, with no organisation
#   word or legal form ('JOHN SMITH', 'MARY A JONES'). Charities named after people have such working names; a
#   supplier so named may be the person. Forenames come from the registers: a word that follows an honorific
#   ('SIR', 'LADY', 'MRS', 'REV', ...) in some register name and begins at least two names of the shape
#   '[THE] <word> <word> TRUST|CHARITY|FUND|MEMORIAL ...' (so no list of names is kept in the repository).
_HONORIFIC_IN_NAME = r"\b(?:SIR|LADY|DAME|MR|MRS|MISS|REV|REVD|CANON|FATHER|DR) ([A-Z]{2,})\b"
_NAMED_AFTER = (r"^(?:THE )?(?:LATE )?([A-Z]{2,}) (?:[A-Z] )?[A-Z]{2,} (?:S )?(?:CHARITABLE TRUST|MEMORIAL TRUST|"
                r"MEMORIAL FUND|MEMORIAL|TRUST|TRUST FUND|FUND|FOUNDATION|CHARITY|CHARITIES|BEQUEST|SETTLEMENT|"
                r"EDUCATIONAL FOUNDATION|CHARITABLE SETTLEMENT|WILL TRUST|ALMSHOUSES?|GIFT|LEGACY)$")
_NOT_FORENAMES = {"ST", "THE", "OF", "AND", "AT", "DE", "DR", "QUEEN", "KINGS", "VILLAGE", "YOUTH", "PAROCHIAL"}
PRIVATE_COOP_OWNERSHIP = {"Consumers", "Enterprises", "Self-employed"}
# Rules whose evidence names one organisation whatever its name looks like (see is_organisation).
NAMED_BY_NUMBER = ("correction", "registered charity number", "CIC company number", "co-operative company number",
                   "company number", "council supplier register")
TRUTHY = {"Y", "YES", "TRUE", "1", "T"}


def _first_match(keys: pd.Series, rules: list[tuple[str, str]]) -> pd.Series:
    """The label of the first rule whose pattern the key contains, else missing."""
    out = pd.Series(pd.NA, index=keys.index, dtype="str")
    for label, pattern in rules:
        hit = keys.str.contains(pattern, regex=True) & out.isna()
        out[hit] = label
    return out


def _isin(values: pd.Series, lookup) -> pd.Series:
    """values.isin(lookup), through pyarrow's hash set: pandas' isin on Arrow strings is slow for large lookups
    (1.2 s for 130k postcodes against 0.04 s)."""
    wanted = pa.array(pd.unique(pd.Series(lookup, dtype="str").dropna()), type=pa.string())
    hit = pc.is_in(pa.array(values.astype("str"), type=pa.string(), from_pandas=True), value_set=wanted)
    return pd.Series(hit.fill_null(False).to_numpy(zero_copy_only=False), index=values.index)


def _narrow(table: pd.DataFrame, column: str, values: pd.Series) -> pd.DataFrame:
    """The rows of a register whose `column` is one of `values`, in register order: a lookup through the few rows
    the suppliers can reach costs what the suppliers cost, not what the register holds (pandas hashes a whole
    register's index at each map: most of a one-file load's classification). Same result as the whole register."""
    return table[_isin(table[column], values).to_numpy()]


def _found(keys: pd.Series, pattern: str) -> pd.Series:
    """The matched text of a pattern in each key, else missing (for evidence such as "legal form 'LTD'")."""
    return keys.str.extract("(" + pattern + ")", expand=False)


# ---- registers as lookups --------------------------------------------------------------------------------------

_INDEX_CACHE: list = []   # [(registers, index)] for the last registers seen: building the index takes ~1.5 s


def _name_index(registers: Registers) -> tuple[pd.DataFrame, pd.DataFrame, frozenset, frozenset]:
    """(unique, counts, forenames, common words) of the registers: see _build_name_index and _register_words."""
    if not (_INDEX_CACHE and _INDEX_CACHE[0][0] is registers):
        _INDEX_CACHE[:] = [(registers, _build_name_index(registers) + _register_words(registers))]
    return _INDEX_CACHE[0][1]


def name_index(registers: Registers) -> tuple[pd.DataFrame, pd.DataFrame, frozenset, frozenset]:
    """The registers' name index (unique, counts, forenames, common words), to keep (etl/classifier_inputs.py)."""
    return _name_index(registers)


def prime_name_index(registers: Registers, index: tuple) -> None:
    """Use an index kept from an earlier run (name_index's) for these registers, instead of building it."""
    _INDEX_CACHE[:] = [(registers, tuple(index))]


def _register_words(registers: Registers) -> tuple[frozenset, frozenset]:
    """(forenames, common words) from the register names: see PERSON-shaped names and COMMON_WORD_MIN above."""
    keys = pd.concat([normalise_names(registers.charities["name"]), normalise_names(registers.coops["name"])])
    keys = keys.drop_duplicates().reset_index(drop=True)
    after_honorific = set(keys.str.extractall(_HONORIFIC_IN_NAME)[0])
    named_after = keys.str.extract(_NAMED_AFTER, expand=False).value_counts()
    forenames = {w for w in after_honorific if named_after.get(w, 0) >= 2} - _NOT_FORENAMES
    forenames = {w for w in forenames if not pd.Series([w]).str.contains(ORGANISATION_WORDS, regex=True).iloc[0]}
    orgs = pd.concat([pd.DataFrame({"org": "charity:" + registers.charities["charity_number"],
                                    "key": match_keys(normalise_names(registers.charities["name"]))}),
                      pd.DataFrame({"org": "coop:" + registers.coops["coop_id"],
                                    "key": match_keys(normalise_names(registers.coops["name"]))})])
    words = orgs.assign(word=orgs["key"].str.split(" ")).explode("word").drop_duplicates(["org", "word"])
    per_word = words["word"].value_counts()
    common = per_word[(per_word >= COMMON_WORD_MIN) & (per_word.index.str.len() > 1)].index
    return frozenset(forenames), frozenset(common)


def person_shaped(keys: pd.Series, forenames: frozenset) -> pd.Series:
    """Keys shaped like a person's name: a forename (of the registers, see above), an optional initial and one or
    two plain words, no organisation word, no legal form."""
    first = keys.str.extract(r"^([A-Z]{2,})(?: [A-Z])?(?: [A-Z]{2,}){1,2}$", expand=False)
    plain = ~keys.str.contains(ORGANISATION_WORDS + "|" + COMPANY_FORM + "|" + "|".join(p for _, p in VCSE_FORMS),
                               regex=True)
    return _isin(first, sorted(forenames)) & plain


def _common_only(mkeys: pd.Series, common: frozenset) -> pd.Series:
    """Match keys whose words (two letters or more, at least two of them) are all common register words."""
    words = mkeys.str.split(" ").explode()
    words = words[words.str.len() > 1]
    is_common = pd.Series(_isin(words, sorted(common)).values, index=words.index)
    counts = is_common.groupby(level=0).agg(["all", "size"])
    out = (counts["all"] & (counts["size"] >= 2)).reindex(mkeys.index, fill_value=False)
    return out.astype(bool)


def _build_name_index(registers: Registers) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(unique, counts): register names usable for matching, keyed by match key, and how many organisations
    share each key (for saying why a name did not match). Built from charities' names and co-ops."""
    ch = registers.charities
    charities = pd.DataFrame({
        "name": ch["name"], "org_id": "charity:" + ch["charity_number"], "register": "charity",
        "number": ch["charity_number"], "name_type": ch["name_type"], "status": ch["status"],
        "postcode": ch["postcode"], "source": ch["source"], "ownership": pd.NA, "legal_form": pd.NA,
    })
    co = registers.coops
    coops = pd.DataFrame({
        "name": co["name"], "org_id": "coop:" + co["coop_id"], "register": "co-op", "number": co["coop_id"],
        "name_type": "name", "status": pd.NA, "postcode": co["postcode"], "source": co["source"],
        "ownership": co["ownership"], "legal_form": co["legal_form"],
    })
    names = pd.concat([charities, coops], ignore_index=True)
    full = names.assign(key=match_keys(normalise_names(names["name"])), cut=False)
    cut = names[names["name"].str.len() > BRADFORD_CUT]
    cut = cut.assign(key=match_keys(normalise_names(cut["name"].str.upper().str[:BRADFORD_CUT])), cut=True)
    names = pd.concat([full, cut], ignore_index=True)
    usable = (names["key"].str.contains(" ", regex=False)                      # not a single word (COLAS)
              & ~(names["key"].str.contains("|".join(p for _, p in PUBLIC), regex=True)
                  & ~_not_public(names["key"]))
              & ~names["key"].str.contains(r"\bPLC\b", regex=True))
    names = names[usable]
    counts = names.groupby(["cut", "key"])["org_id"].nunique().rename("n_orgs").reset_index()
    unique = names.merge(counts[counts["n_orgs"] == 1], on=["cut", "key"])
    order = {"registered name": 0, "working name": 1, "name": 1, "previous name": 2}
    unique = unique.assign(rank=unique["name_type"].map(order)).sort_values("rank").drop_duplicates(["cut", "key"])
    return unique.drop(columns=["rank", "n_orgs"]), counts


def _describe_status(status: pd.Series) -> pd.Series:
    text = status.map({"active": "active", "removed": "removed"}).fillna("status unknown")
    return text + " in July 2021"


# ---- input -----------------------------------------------------------------------------------------------------

def _supplier_rows(suppliers: pd.DataFrame) -> pd.DataFrame:
    """One row per council x supplier_key from the per-verbatim-name input."""
    df = suppliers.copy()
    for column in ("vcse_flag", "charity_number", "company_number"):
        if column not in df:
            df[column] = pd.Series(pd.NA, index=df.index, dtype="str")
    if "person_context" not in df:
        df["person_context"] = False
    if "flag_published" not in df:
        df["flag_published"] = False
    df["supplier_key"] = normalise_names(df["supplier_name"])
    df["amount"] = pd.to_numeric(df["amount"], errors="coerce").fillna(0.0).astype("float64")
    df["flagged"] = df["vcse_flag"].astype("str").str.strip().str.upper().isin(TRUTHY)
    df["charity_number"] = normalise_charity_numbers(df["charity_number"])
    df["company_number"] = normalise_company_numbers(df["company_number"])
    df["person_context"] = df["person_context"].fillna(False).astype(bool)
    df["flag_published"] = df["flag_published"].fillna(False).astype(bool)
    df["cut"] = df["supplier_name"].astype("str").str.len() == BRADFORD_CUT
    df = df.sort_values("amount", key=lambda a: a.abs(), ascending=False, kind="stable")   # ties: input order
    keys = ["council_code", "supplier_key"]
    grouped = df.groupby(keys, sort=False)
    out = grouped.agg(display_name=("supplier_name", "first"), amount=("amount", "sum"),
                      flagged=("flagged", "any"), person_context=("person_context", "any"), cut=("cut", "any"),
                      flag_published=("flag_published", "any"),
                      charity_number=("charity_number", "first"), company_number=("company_number", "first"))
    out = out.reset_index()
    # The council's own VCSE flag: 'Y', 'blank' where the supplier was paid in a file that publishes the flag
    # column but never flagged, missing where the council (or its files of the supplier) publish no such column.
    out["council_flag"] = pd.Series(pd.NA, index=out.index, dtype="str")
    out.loc[out["flag_published"], "council_flag"] = "blank"
    out.loc[out["flagged"], "council_flag"] = "Y"
    return out


# ---- the classifier --------------------------------------------------------------------------------------------

def read_public_bodies(data_dir: Path) -> pd.DataFrame:
    """name, body_type, note, source: a reviewed list of public bodies that no pattern catches (data/reference);
    source says where the body's public status is stated."""
    return pd.read_csv(Path(data_dir) / PUBLIC_BODIES, dtype="str", keep_default_na=False)


class _Decider:
    """Fills class, rule, source and value for the rows no earlier rule decided."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        for column in ("class", "class_rule", "class_source", "class_value"):
            df[column] = pd.Series(pd.NA, index=df.index, dtype="str")

    def open(self) -> pd.Series:
        return self.df["class"].isna()

    def decide(self, mask, cls, rule: str, source, value) -> None:
        mask = pd.Series(mask, index=self.df.index).fillna(False).astype(bool) & self.open()
        for column, given in (("class", cls), ("class_rule", rule), ("class_source", source),
                              ("class_value", value)):
            self.df.loc[mask, column] = given[mask] if isinstance(given, pd.Series) else given


def classify_suppliers(suppliers: pd.DataFrame, registers: Registers, postcodes: pd.DataFrame,
                       council_registers: pd.DataFrame | None = None, corrections: pd.DataFrame | None = None,
                       *, postcode_areas: pd.DataFrame | None = None,
                       public_bodies: pd.DataFrame | None = None) -> pd.DataFrame:
    """Class and locality, with evidence, for every council x supplier_key (columns: OUTPUT_COLUMNS).

    suppliers: council_code, supplier_name, vcse_flag, charity_number, company_number, amount[, person_context]
    registers: etl.readers.registers.load_registers(data_dir)
    postcodes: etl.readers.registers.read_postcodes(data_dir)
    council_registers: etl.readers.supplier_register.read_supplier_registers(...) or None
    corrections: read_corrections(data_dir) or None
    postcode_areas: etl.readers.registers.read_postcode_areas(data_dir), for terminated postcodes (optional)
    public_bodies: read_public_bodies(data_dir), or None for no reviewed list (name patterns only)
    """
    df = _supplier_rows(suppliers)
    key, mkey = df["supplier_key"], match_keys(df["supplier_key"])
    quoted = "'" + df["display_name"].astype("str") + "'"
    d = _Decider(df)

    # Council's own supplier register: its postcode (locality) and, when given, its class and numbers.
    if council_registers is not None and len(council_registers):
        reg = council_registers.drop_duplicates(["council_code", "supplier_key"])
        reg = reg[["council_code", "supplier_key", "postcode", "class", "charity_number", "company_number"]]
        df = df.merge(reg.rename(columns={"postcode": "register_postcode", "class": "register_class",
                                          "charity_number": "register_charity", "company_number": "register_company"}),
                      on=["council_code", "supplier_key"], how="left")
        df["charity_number"] = df["charity_number"].fillna(df["register_charity"])
        df["company_number"] = df["company_number"].fillna(df["register_company"])
        d = _Decider(df)
    else:
        df["register_postcode"] = pd.Series(pd.NA, index=df.index, dtype="str")
        df["register_class"] = pd.Series(pd.NA, index=df.index, dtype="str")

    # 1. corrections
    df["corrected"] = False
    df["correction_locality"] = pd.Series(pd.NA, index=df.index, dtype="str")
    if corrections is not None and len(corrections):
        c = corrections.assign(supplier_key=normalise_names(corrections["supplier_name"]))
        c["council_code"] = c["council_code"].fillna("").astype("str")
        specific = c[c["council_code"] != ""].drop_duplicates(["council_code", "supplier_key"], keep="last")
        anywhere = c[c["council_code"] == ""].drop_duplicates("supplier_key", keep="last").drop(columns="council_code")
        cols = ["class", "locality", "reason", "who", "date"]
        hit = df[["council_code", "supplier_key"]].merge(specific, on=["council_code", "supplier_key"], how="left")
        hit_any = df[["supplier_key"]].merge(anywhere, on="supplier_key", how="left")
        for col in cols:
            hit[col] = hit[col].fillna(hit_any[col]) if col in hit_any else hit[col]
        has = hit["class"].notna() & (hit["class"] != "")
        evidence = ("reviewed: " + hit["reason"].fillna("") + " (" + hit["who"].fillna("") + ", "
                    + hit["date"].fillna("") + ")")
        d.decide(has, hit["class"], "correction", "data/corrections/supplier_corrections.csv", evidence)
        df["corrected"] = has.values | (hit["locality"].fillna("") != "").values
        df["correction_locality"] = hit["locality"].where(hit["locality"].fillna("") != "").values

    # 2. people, named as such; 2b. names that name no supplier
    org_word = key.str.extract("(" + ORGANISATION_WORDS + ")", expand=False)
    person = _first_match(key, PEOPLE)
    person = person.where(~((person == "honorific") & org_word.notna()))   # 'MS SOCIETY', 'DR SMITH LTD'
    d.decide(person.notna(), "individual", "people: name", SOURCE_PATTERN, person + " in the name")
    d.decide(key == "", "unattributed", "no supplier name", SOURCE_SPEND, "the supplier name is blank")
    no_one = _first_match(key, NOT_IDENTIFIABLE)
    d.decide(no_one.notna(), "unattributed", "not identifiable", SOURCE_PATTERN, no_one + " in the name")

    # 2c. universities: registered (or exempt) charities, but public bodies in a council's spend, whatever number
    #     the file gives them (the rest of the public-body rules come after the numbers, rule 5)
    university = (key.str.contains(dict(PUBLIC)["university"], regex=True)
                  & ~key.str.contains(NOT_PUBLIC, regex=True))
    d.decide(university, "public_body", "public body name", SOURCE_PATTERN,
             "name contains 'university' pattern: " + quoted + " (before its charity number)")

    # 3. registered numbers in the file (or the council's supplier register): they name one organisation
    status = _narrow(registers.charities, "charity_number", df["charity_number"]) \
        .drop_duplicates("charity_number").set_index("charity_number")["status"]
    known = _isin(df["charity_number"], status.index)
    d.decide(known, "vcse", "registered charity number", SOURCE_CHARITY_STATUS,
             "charity number " + df["charity_number"].astype("str") + ", "
             + _describe_status(df["charity_number"].map(status)))
    is_cic = _isin(df["company_number"], registers.cics["company_number"])
    d.decide(is_cic, "vcse", "CIC company number", "UK-CAT CIC list",
             "CIC company number " + df["company_number"].astype("str"))
    coop_by_number = registers.coops.dropna(subset=["company_number"]).drop_duplicates("company_number") \
        .set_index("company_number")
    coop_own = df["company_number"].map(coop_by_number["ownership"])
    coop_hit = _isin(df["company_number"], coop_by_number.index)
    coop_class = coop_own.isin(PRIVATE_COOP_OWNERSHIP).map({True: "private", False: "vcse"})
    d.decide(coop_hit, coop_class, "co-operative company number", "Co-operatives UK open data 2023 Q2",
             "company number " + df["company_number"].astype("str") + " is the co-operative '"
             + df["company_number"].map(coop_by_number["name"]).astype("str") + "' (ownership: "
             + coop_own.fillna("not given").astype("str") + ")")

    # 4. the council's own word
    d.decide(df["flagged"], "vcse", "council VCSE flag", SOURCE_SPEND, "council's VCSE flag = Y")
    given = df["register_class"].isin(CLASSES)
    d.decide(given, df["register_class"], "council supplier register", "council supplier register",
             "council's register class = " + df["register_class"].astype("str"))

    # 5. public bodies: reviewed list, then patterns
    bodies = public_bodies if public_bodies is not None else pd.DataFrame({"name": [], "body_type": []}, dtype="str")
    listed = dict(zip(match_keys(normalise_names(bodies["name"])), bodies["body_type"]))
    in_list = mkey.map(listed)
    d.decide(in_list.notna(), "public_body", "public body list", "data/reference/public_bodies.csv",
             quoted + " is on the reviewed list (" + in_list.astype("str") + ")")
    public = _first_match(key, PUBLIC).where(~_not_public(key))
    d.decide(public.notna(), "public_body", "public body name", SOURCE_PATTERN,
             "name contains '" + public.astype("str") + "' pattern: " + quoted)

    # 6. a unique exact name match: with the council's postcode equal to the register's, or on the name alone
    unique, counts, forenames, common = _name_index(registers)
    unique, counts = _narrow(unique, "key", mkey), _narrow(counts, "key", mkey)
    exact = unique[~unique["cut"]].set_index("key")
    cut = unique[unique["cut"]].set_index("key")
    allowed = ~key.str.contains(r"\bPLC\b", regex=True)
    match = pd.DataFrame(index=df.index, columns=exact.columns, dtype="object")
    hit_exact = _isin(mkey, exact.index) & allowed
    match[hit_exact] = exact.loc[mkey[hit_exact]].set_axis(df.index[hit_exact]).values
    hit_cut = ~hit_exact & df["cut"] & _isin(mkey, cut.index) & allowed
    match[hit_cut] = cut.loc[mkey[hit_cut]].set_axis(df.index[hit_cut]).values
    matched = hit_exact | hit_cut
    by_postcode = matched & (normalise_postcodes(df["register_postcode"]) == match["postcode"]).fillna(False)
    is_charity = match["register"] == "charity"
    name_class = pd.Series("vcse", index=df.index).where(
        is_charity | ~match["ownership"].isin(PRIVATE_COOP_OWNERSHIP), "private")
    how = pd.Series("matches", index=df.index).where(~hit_cut, "matches the first 35 characters of")
    what = ("name " + how + " the " + match["register"].astype("str")
            + " " + match["name_type"].astype("str") + " '" + match["name"].astype("str") + "' (")
    detail = ("charity " + match["number"].astype("str") + ", " + _describe_status(match["status"])).where(
        is_charity, "co-op " + match["number"].astype("str") + ", ownership: " + match["ownership"].astype("str"))
    d.decide(by_postcode, name_class, "name and postcode match", match["source"].astype("str"),
             what + detail + "), at the council's postcode " + match["postcode"].astype("str"))
    # A match on the name alone needs the name to be distinctive, and gives way to the council's blank flag.
    person_like = person_shaped(key, forenames)
    limits = [
        (person_like, "looks like a person's name (a forename and one or two plain words)"),
        (key.str.contains(BUILDING_NAME, regex=True), "looks like a building's name (care homes are named so)"),
        (_common_only(mkey, common) & (match["name_type"] == "working name")
         & ~key.str.contains(BODY_WORDS, regex=True),
         "a working name of common words only, which any supplier may trade under"),
        (df["council_flag"] == "blank", "the council's own VCSE flag is blank for it"),
    ]
    refused = pd.Series(pd.NA, index=df.index, dtype="str")
    for mask, why in limits:
        refused[matched & ~by_postcode & mask.fillna(False) & refused.isna()] = why
    d.decide(matched & refused.isna(), name_class, "unique name match", match["source"].astype("str"),
             what + detail + ")")
    n_orgs = counts[~counts["cut"]].set_index("key")["n_orgs"]
    shared = mkey.map(n_orgs).fillna(0).astype(int)
    df["name_note"] = ("name matches " + shared.astype("str") + " registered organisations, so none is used"
                       ).where(shared > 1)
    # The register's name is quoted unless the supplier's name looks like a person's: then only its number.
    quoted_match = (what + detail + ")").where(~person_like, "name matches a register name (" + detail + ")")
    df["name_note"] = (quoted_match + " on the name alone, not used: " + refused).where(
        refused.notna(), df["name_note"])
    df["name_note"] = df["name_note"].fillna(
        pd.Series("looks like a person's name, and no register, flag or number says otherwise",
                  index=df.index).where(person_like))

    # 7. VCSE legal form in the name
    form = _first_match(key, VCSE_FORMS)
    d.decide(form.notna(), "vcse", "VCSE legal form", SOURCE_PATTERN, "legal form '" + form + "' in " + quoted)

    # 8. people, weaker signs: an address, or a person-paying service, with no organisation word
    no_org = org_word.isna() & df["company_number"].isna()
    address = key.str.contains(ADDRESS, regex=True) & no_org
    d.decide(address, "individual", "people: house address", SOURCE_PATTERN,
             "a house address with no organisation word")
    d.decide(df["person_context"] & no_org, "individual", "people: paid as a person", SOURCE_SPEND,
             "paid through Shared Lives, direct payments or marked \"Don't Redact\", with no organisation word")

    # 9. company legal form
    company_word = _found(key, COMPANY_FORM)
    company_cut = key.str.extract("(" + COMPANY_FORM_CUT + ")", expand=False).where(df["cut"])
    company = company_word.fillna(company_cut.str.strip())
    d.decide(company.notna(), "private", "company legal form", SOURCE_PATTERN,
             "legal form '" + company.astype("str") + "' in " + quoted + " (a company; no VCSE evidence)")
    d.decide(df["company_number"].notna(), "private", "company number", SOURCE_SPEND,
             "company number " + df["company_number"].astype("str") + " given by the council, not a CIC or co-op")

    # 10. unknown
    d.decide(pd.Series(True, index=df.index), "unknown", "no evidence", SOURCE_PATTERN,
             df["name_note"].fillna("no register, flag, legal form or pattern applies"))

    # is_organisation: positive evidence only. A name shaped like a person's is shown only on evidence that names
    # one organisation (a correction, a registered or company number, the council's register), never on its name.
    df["is_organisation"] = ((df["class"].isin(["vcse", "public_body", "private"])
                              | ((df["class"] == "unknown") & org_word.notna()))
                             & (~person_like | df["class_rule"].isin(NAMED_BY_NUMBER)))

    df = _locality(df, match, postcodes, postcode_areas)
    df["amount"] = df["amount"].round(2)
    return df[OUTPUT_COLUMNS].reset_index(drop=True)


_AREAS_CACHE: list = []   # [(postcodes, areas)] for the last postcode register seen: ~0.6 s to work out


def prime_covered_areas(postcodes: pd.DataFrame, areas: frozenset[str]) -> None:
    """Use the covered postcode areas kept from an earlier run (etl/classifier_inputs.py) for this register."""
    _AREAS_CACHE[:] = [(postcodes, frozenset(areas))]


def _covered_areas(postcodes: pd.DataFrame) -> frozenset[str]:
    if not (_AREAS_CACHE and _AREAS_CACHE[0][0] is postcodes):
        _AREAS_CACHE[:] = [(postcodes, covered_areas(postcodes))]
    return _AREAS_CACHE[0][1]


def _locality(df: pd.DataFrame, match: pd.DataFrame, postcodes: pd.DataFrame,
              postcode_areas: pd.DataFrame | None) -> pd.DataFrame:
    council_pc = normalise_postcodes(df["register_postcode"])
    match_pc = match["postcode"].astype("str").where(match["postcode"].notna())
    df["postcode"] = council_pc.fillna(match_pc.where(df["class_rule"] == "unique name match"))  # or council's
    df["locality_source"] = pd.Series(pd.NA, index=df.index, dtype="str")
    df.loc[council_pc.notna(), "locality_source"] = "council supplier register"
    df.loc[council_pc.isna() & df["postcode"].notna(), "locality_source"] = match["source"].astype("str")

    codes = _narrow(postcodes, "postcode", df["postcode"]).drop_duplicates("postcode").set_index("postcode")
    found = _isin(df["postcode"], codes.index)
    df["supplier_council_code"] = df["postcode"].map(codes["council_code"]).astype("str")   # text when none found
    df["supplier_ward_code"] = df["postcode"].map(codes["ward_code"]).astype("str")
    via = pd.Series(pd.NA, index=df.index, dtype="str")
    via[found] = "postcode"
    if postcode_areas is not None:
        # Both prefixes stay text when no supplier has a postcode (str.split would give floats, and .str fail).
        sector = df["postcode"].str[:-2]
        district = df["postcode"].str.extract(r"^(\S+) ", expand=False)
        for level, prefix in (("sector", sector), ("district", district)):
            areas = _narrow(postcode_areas[postcode_areas["level"] == level], "prefix", prefix) \
                .set_index("prefix")["council_code"]
            fill = df["supplier_council_code"].isna() & df["postcode"].notna() & _isin(prefix, areas.index)
            df.loc[fill, "supplier_council_code"] = prefix[fill].map(areas).astype("str")
            via[fill] = "postcode " + level

    # Code-Point is loaded for some postcode areas only: a postcode in an area it lacks stays unknown (it may lie in
    # the paying council, as N16 does in Hackney); only a postcode the register places in a council decides.
    area = postcode_area(df["postcode"])
    outside = df["postcode"].notna() & ~area.isin(_covered_areas(postcodes))
    known = df["supplier_council_code"].notna()
    df["locality"] = "unknown"
    df.loc[known, "locality"] = (df["supplier_council_code"] == df["council_code"]).map(
        {True: "local", False: "non_local"})[known]
    df["locality_rule"] = "no postcode"
    df.loc[df["postcode"].notna(), "locality_rule"] = "postcode not in Code-Point"
    df.loc[known, "locality_rule"] = via[known] + " -> council"
    df["locality_value"] = pd.Series(pd.NA, index=df.index, dtype="str")
    df.loc[known, "locality_value"] = ("postcode " + df["postcode"] + " -> " + df["supplier_council_code"]
                                       + (" ward " + df["supplier_ward_code"]).fillna(""))[known]
    df.loc[df["postcode"].notna() & ~known, "locality_value"] = "postcode " + df["postcode"] + " not found"
    df.loc[outside, "locality_rule"] = LOCALITY_AREA_NOT_COVERED
    df.loc[outside, "locality_value"] = ("postcode " + df["postcode"] + ": area " + area
                                         + " is not in the postcode register (Code-Point Open as loaded)")

    corrected = df["correction_locality"].isin(LOCALITIES)
    df.loc[corrected, "locality"] = df.loc[corrected, "correction_locality"]
    df.loc[corrected, "locality_rule"] = "correction"
    df.loc[corrected, "locality_source"] = "data/corrections/supplier_corrections.csv"
    df.loc[corrected, "locality_value"] = "reviewed locality = " + df.loc[corrected, "correction_locality"]
    return df


# ---- corrections -----------------------------------------------------------------------------------------------

CORRECTION_COLUMNS = ["council_code", "supplier_name", "class", "locality", "reason", "who", "date"]


def read_corrections(data_dir: Path) -> pd.DataFrame | None:
    """Reviewed overrides (data/corrections), None when the data folder has none. council_code blank = every
    council; class or locality blank = leave as classified. A row whose class or locality is not one of ours is an
    error, named with its line number."""
    path = Path(data_dir) / CORRECTIONS
    if not path.exists():
        return None
    df = pd.read_csv(path, dtype="str", keep_default_na=False)
    missing = [c for c in CORRECTION_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}. Found: {list(df.columns)}")
    for column, allowed in (("class", CLASSES), ("locality", LOCALITIES)):
        bad = df[(df[column] != "") & ~df[column].isin(allowed)]
        if len(bad):
            line = int(bad.index[0]) + 2
            raise ValueError(f"{path} line {line}: {column} {bad[column].iloc[0]!r} is not one of {allowed}")
    return df[CORRECTION_COLUMNS]
