"""The kinds of service a system barrier can be met at, from what a coach typed, where
the match is certain: case, dots and spaces aside, a known name or spelling of one kind.
The contact form fills in the kind from it when the coach has not chosen one; the
migration that brought kinds in (coaching/migrations/0034_glance.py) gave the services
typed before theirs the same way. Anything else is for the coach to choose ("other",
for what was typed before)."""

import re

# Known names and spellings, as `plain` makes them. Only names that can mean one kind
# of service: "housing" alone could be the council or a housing association.
KNOWN = {
    "council_housing": [
        "council housing",
        "council housing department",
        "council housing team",
        "housing department",
        "housing office",
        "housing options",
        "housing options team",
        "council housing options",
        "homeless team",
        "homelessness team",
        "council homelessness team",
    ],
    "council_other": [
        "council",
        "the council",
        "local council",
        "city council",
        "county council",
        "social services",
        "adult social care",
        "childrens services",
        "children's services",
        "council tax",
    ],
    "dwp": [
        "dwp",
        "the dwp",
        "department for work and pensions",
        "department of work and pensions",
        "jobcentre",
        "job centre",
        "jobcentre plus",
        "job centre plus",
        "the jobcentre",
        "the job centre",
        "universal credit",
        "benefits agency",
    ],
    "gp_nhs": [
        "gp",
        "the gp",
        "gp surgery",
        "doctor",
        "doctors",
        "doctor's",
        "the doctors",
        "nhs",
        "hospital",
        "a&e",
        "a and e",
    ],
    "mental_health": [
        "cmht",
        "community mental health team",
        "mental health team",
        "mental health services",
        "mental health service",
        "camhs",
        "crisis team",
        "talking therapies",
        "iapt",
    ],
    "landlord": ["landlord", "the landlord", "private landlord", "letting agent", "letting agents"],
    "police_courts": [
        "police",
        "the police",
        "court",
        "courts",
        "the court",
        "magistrates court",
        "magistrates' court",
        "probation",
    ],
    "home_office": ["home office", "the home office", "ukvi", "uk visas and immigration"],
    "education": ["school", "college", "university", "education"],
    "employer": ["employer", "my employer", "their employer"],
}
CATEGORY_OF = {name: category for category, names in KNOWN.items() for name in names}


def plain(service: str) -> str:
    """A service's name without case, dots or extra spaces: "D.W.P. " reads "dwp"."""
    return re.sub(r"\s+", " ", service.replace(".", "").strip().lower())


def category_for(service: str) -> str:
    """The kind of service these words certainly name, or "other"."""
    return CATEGORY_OF.get(plain(service), "other")
