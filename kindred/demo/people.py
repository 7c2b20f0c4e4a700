"""Raw material for the demo organisation, Northwind: names, places and the
sentences people write about their calling. Combined with a seeded RNG so
every run of `load_demo` builds the same organisation."""

from __future__ import annotations

import json
from pathlib import Path

# (IANA zone, city, usual languages besides English). Four continents, and
# half-hour and 45-minute offsets (Kolkata, Adelaide, Kathmandu).
PLACES: tuple[tuple[str, str, list[str]], ...] = (
    ("America/New_York", "New York", ["es"]),
    ("America/Chicago", "Chicago", []),
    ("America/Los_Angeles", "Seattle", ["zh"]),
    ("America/Toronto", "Toronto", ["fr"]),
    ("America/Sao_Paulo", "São Paulo", ["pt"]),
    ("America/Mexico_City", "Mexico City", ["es"]),
    ("Europe/London", "London", []),
    ("Europe/Berlin", "Berlin", ["de"]),
    ("Europe/Madrid", "Madrid", ["es"]),
    ("Europe/Warsaw", "Warsaw", ["pl"]),
    ("Africa/Lagos", "Lagos", ["yo"]),
    ("Africa/Nairobi", "Nairobi", ["sw"]),
    ("Africa/Cairo", "Cairo", ["ar"]),
    ("Asia/Kolkata", "Bengaluru", ["hi", "kn"]),
    ("Asia/Kolkata", "Pune", ["hi", "mr"]),
    ("Asia/Kathmandu", "Kathmandu", ["ne"]),
    ("Asia/Singapore", "Singapore", ["zh", "ms"]),
    ("Asia/Tokyo", "Tokyo", ["ja"]),
    ("Australia/Sydney", "Sydney", []),
    ("Australia/Adelaide", "Adelaide", []),
    ("Pacific/Auckland", "Auckland", ["mi"]),
)

FIRST_NAMES = (
    "Aisha",
    "Mateo",
    "Ananya",
    "Kenji",
    "Olivia",
    "Chidi",
    "Sofia",
    "Lars",
    "Mei",
    "Rahul",
    "Fatima",
    "Lucas",
    "Zanele",
    "Hiroshi",
    "Emma",
    "Diego",
    "Priya",
    "Tomasz",
    "Amara",
    "Noah",
    "Leila",
    "Arjun",
    "Camila",
    "Jonas",
    "Wanjiru",
    "Ravi",
    "Isabella",
    "Yusuf",
    "Hana",
    "Ethan",
    "Nadia",
    "Kwame",
    "Sienna",
    "Felipe",
    "Ingrid",
    "Sanjay",
    "Ayesha",
    "Marco",
    "Thandiwe",
    "Liam",
    "Grace",
    "Tariq",
    "Elena",
    "Oluwaseun",
    "Maya",
    "Benedikt",
    "Rosa",
    "Jin",
    "Aroha",
    "Samuel",
)
LAST_NAMES = (
    "Okafor",
    "García",
    "Iyer",
    "Watanabe",
    "Smith",
    "Nwosu",
    "Rossi",
    "Andersen",
    "Chen",
    "Sharma",
    "Haddad",
    "Meyer",
    "Dlamini",
    "Sato",
    "Brown",
    "Hernández",
    "Nair",
    "Kowalski",
    "Mensah",
    "Wilson",
    "Karimi",
    "Reddy",
    "Silva",
    "Schmidt",
    "Kamau",
    "Patel",
    "Martínez",
    "Demir",
    "Kim",
    "Taylor",
    "Popescu",
    "Boateng",
    "Walker",
    "Costa",
    "Larsen",
    "Gupta",
    "Khan",
    "Bianchi",
    "Ndlovu",
    "O'Brien",
    "Thompson",
    "Aziz",
    "Novak",
    "Adeyemi",
    "Levi",
    "Fischer",
    "Morales",
    "Park",
    "Ngata",
    "Cohen",
)

DEPARTMENTS = {
    "Engineering": (
        "Software Engineer",
        "Senior Engineer",
        "Staff Engineer",
        "Engineering Manager",
        "Director of Engineering",
    ),
    "Product": (
        "Product Analyst",
        "Product Manager",
        "Senior Product Manager",
        "Group Product Manager",
        "VP Product",
    ),
    "Design": ("Designer", "Senior Designer", "Lead Designer", "Design Manager", "Head of Design"),
    "People": (
        "People Partner",
        "Senior People Partner",
        "People Lead",
        "People Director",
        "Chief People Officer",
    ),
    "Finance": ("Analyst", "Senior Analyst", "Finance Manager", "Controller", "Finance Director"),
    "Customer Success": (
        "Support Specialist",
        "Customer Success Manager",
        "Senior CSM",
        "CS Lead",
        "Head of Customer Success",
    ),
    "Marketing": (
        "Marketing Associate",
        "Content Strategist",
        "Marketing Manager",
        "Senior Marketing Manager",
        "Marketing Director",
    ),
    "Research": (
        "Research Assistant",
        "Researcher",
        "Senior Researcher",
        "Principal Researcher",
        "Research Director",
    ),
}

CALLING_OPENINGS = (
    "I got into this work because",
    "What keeps me going is that",
    "At heart I do this job because",
    "My calling is simple:",
    "I have always felt that",
)
CALLING_CORES = (
    "I love turning messy problems into something people can rely on",
    "good teams change people's lives, and I want to build them",
    "I want the products we make to be fair and open to everyone",
    "learning something new every week is what makes work feel alive",
    "I care about the people who use what we build, especially those who are usually left out",
    "I enjoy helping colleagues find clarity when things are uncertain",
    "craft matters to me: doing a thing well, even when nobody is watching",
    "I believe remote teams can be more humane than offices ever were",
    "numbers tell stories and I like making those stories honest",
    "I want to leave every team a little kinder and more capable than I found it",
)
CALLING_CLOSINGS = (
    "Mentoring is how I pay forward the help I was given.",
    "I want to grow into someone others can lean on.",
    "Working across time zones taught me to listen more carefully.",
    "Balancing this with family life is part of the story too.",
    "I'm still figuring out where that leads, and I'd value a thinking partner.",
)
DREAMS = (
    "In five years I'd like to lead a team that is known for how well it treats people.",
    "I dream of starting a small research lab focused on accessibility.",
    "I'd like to move from individual work into coaching and developing others.",
    "One day I want to write a book about building distributed teams.",
    "I hope to run a product line end to end, from discovery to launch.",
    "I want to become a recognised expert in my field and speak at conferences.",
    "I'd like to combine my technical background with strategy and sit at the leadership table.",
    "Eventually I'd love to mentor first-generation professionals from my home country.",
    "I want a career that leaves room for family and for a life outside work.",
    "I'd like to found a social enterprise that uses data for public good.",
)
OFF_LIMITS = (
    "Health details",
    "Family planning",
    "Religion",
    "Salary comparisons",
    "My divorce",
    "Politics",
)

# The main programme's note to invitees, and its texts as its managers gave
# them in three more languages (the others read the English).
INVITATION_NOTE = (
    "Mentors give about two hours a month; mentees a little more. Questions? Write to "
    "the programme team at mentoring@northwind.example."
)
PROGRAMME_TRANSLATIONS: dict[str, dict[str, str]] = json.loads(
    (Path(__file__).parent / "programme_texts.json").read_text(encoding="utf-8")
)
