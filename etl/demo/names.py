"""Invented words for the demo's organisations, assets and streets (every name ends in " (demo)"), and `Names`, a
deck of unique names drawn with the demo's random generator."""
from __future__ import annotations

import numpy as np

PLACES = [
    "Amberwell", "Brackenford", "Corriebank", "Dunmossley", "Elderbrook", "Fennickton", "Glasswell", "Hollinsby",
    "Ivymere", "Juniper Vale", "Kestrelford", "Larkmoor", "Millbeckton", "Nettlewick", "Orchardine", "Pebblecombe",
    "Quillmarsh", "Ravensholt", "Saltmere", "Thistlecombe", "Umberfield", "Velvet Hill", "Wrenhollow", "Yarrowby",
    "Zephyr Row", "Alderquay", "Bramblegate", "Cinderwharf", "Dovecot Lane", "Emberdale", "Foxglove Yard",
    "Gorsemoor", "Harbourlight", "Inkwell Street", "Jackdaw Green", "Kingfisher Steps", "Lanternside", "Marigold Rise",
    "Nutmeg Row", "Otterbourne Quay", "Puffin Wharf", "Quarrymead", "Rushlight", "Sorrel Bank", "Teasel Hill",
    "Upperwharf", "Vetchfield", "Willowquay", "Yewbarrow", "Zinnia Court",
]
VCSE_KINDS = [
    "Community Kitchen", "Community Trust", "Befriending Network", "Carers Centre", "Youth Project",
    "Tenants Association", "Food Pantry", "Community Arts", "Neighbourhood Forum", "Wellbeing Collective",
    "Men's Shed", "Dementia Cafe", "Refugee Welcome", "Play Association", "Advice Centre", "Community Transport",
    "Women's Centre", "Garden Project", "Community Pub", "Mental Health Alliance", "Family Hub", "Elders Lunch Club",
]
PRIVATE_KINDS = [
    "Care Homes Ltd", "Home Care Ltd", "Facilities Management Ltd", "Civil Engineering Ltd", "IT Solutions Ltd",
    "Consulting LLP", "Waste Services Ltd", "Plant Hire Ltd", "Print and Design Ltd", "Recruitment Ltd",
    "Supported Living Ltd", "Catering Ltd", "Energy Ltd", "Legal LLP", "Fostering Agency Ltd", "Taxis Ltd",
    "Building Contractors Ltd", "Office Supplies Ltd", "Security Ltd", "Cleaning Services Ltd",
]
PUBLIC_KINDS = [
    "Academy Trust", "NHS Foundation Trust", "Town Council", "Parish Council", "College", "Fire and Rescue Authority",
]
ASSET_WORDS = {
    "community centre": "Community Centre", "library": "Library", "park": "Park", "youth and scout hut": "Scout Hut",
    "sports": "Sports Pavilion", "office": "House", "other": "Public Hall",
}
QUARTERS = ["", " North", " South", " East", " West", " Upper", " Lower", " Old", " New"]
STREETS = ["Road", "Lane", "Street", "Way", "Close", "Avenue", "Terrace", "Walk"]
SUFFIX = " (demo)"


class Names:
    """Unique invented names: '<place> <kind> (demo)', drawn from a shuffled deck of every combination."""

    def __init__(self, rng: np.random.Generator, kinds: list[str], taken: set[str]):
        deck = [f"{p} {k}{SUFFIX}" for p in PLACES for k in kinds]
        self.deck = [deck[i] for i in rng.permutation(len(deck))]
        self.taken = taken

    def take(self) -> str:
        while self.deck:
            name = self.deck.pop()
            if name not in self.taken:
                self.taken.add(name)
                return name
        raise RuntimeError("ran out of invented names; add words to PLACES")
