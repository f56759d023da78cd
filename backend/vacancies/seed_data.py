"""Demo vacancies written for this project. Employers are invented; pay is in KES a month
unless a posting says otherwise."""

from __future__ import annotations

from dataclasses import dataclass

ESCO = "http://data.europa.eu/esco/occupation/"


@dataclass(frozen=True)
class Job:
    """What postings for one occupation share."""

    esco_id: str
    isco: str
    label: str
    description: str
    skills: tuple[str, ...]
    education: str | None
    experience_months: int | None


@dataclass(frozen=True)
class Posting:
    job: str  # key into JOBS
    title: str
    employer: str
    town: str
    employment_type: str
    salary: tuple[int, int] | None
    extra: str  # what this employer adds to the shared description
    openings: int = 1
    unit: str = "MONTH"


JOBS: dict[str, Job] = {
    "boda": Job(
        "b5f6bb2c-0602-484d-a87f-9cac33f83010", "8321", "motorcycle delivery person",
        "Deliver parcels, food orders and documents by motorcycle within town, collect payment on delivery "
        "where needed and keep the motorcycle in safe working order.",
        ("motorcycle riding", "customer service", "mobile money", "route planning"),
        None, 6,
    ),
    "driver": Job(
        "0c408028-c48f-4df8-ba5d-c3d3be15f5a2", "8322", "car and van delivery driver",
        "Drive a company van or car on daily delivery and client runs, load and check goods, keep the "
        "logbook and fuel records, and report any fault on the vehicle the same day.",
        ("driving licence class B", "vehicle checks", "delivery documentation", "customer service"),
        "Secondary school certificate (KCSE)", 24,
    ),
    "lorry": Job(
        "45037d43-a8f5-4f46-b332-b2935bc305f4", "8332", "cargo vehicle driver",
        "Drive a lorry on long-distance and regional routes, secure loads, keep delivery notes and follow "
        "the company's safety and rest-time rules.",
        ("driving licence class CE", "load securing", "defensive driving", "trip records"),
        "Secondary school certificate (KCSE)", 36,
    ),
    "househelp": Job(
        "6d50f735-dca9-4a02-96dc-e4310ed98ae2", "5152", "domestic housekeeper",
        "Keep a family home clean and tidy, do laundry and ironing, prepare simple meals and help with "
        "shopping. Fair hours, one day off a week and paid leave as the law provides.",
        ("cleaning", "laundry and ironing", "cooking", "honesty and discretion"),
        None, 12,
    ),
    "care": Job(
        "d38c2107-98f2-47b7-8bb4-f69750d51082", "5321", "healthcare assistant",
        "Support nurses in daily patient care: bathing, feeding, moving patients safely, taking vital signs "
        "and keeping records. Shift work including some weekends.",
        ("patient care", "vital signs", "infection prevention", "record keeping"),
        "Certificate in caregiving or nursing assistance", 6,
    ),
    "mechanic": Job(
        "4ad4024e-d1d3-4dea-b6d1-2c7948111dce", "7231", "vehicle technician",
        "Service and repair cars and light commercial vehicles: engines, brakes, suspension and electrics. "
        "Diagnose faults, order parts and road-test vehicles after repair.",
        ("engine diagnostics", "brake repair", "vehicle servicing", "use of diagnostic tools"),
        "Trade test certificate or diploma in motor vehicle mechanics", 24,
    ),
    "guard": Job(
        "31808988-fc0a-4bc3-9e47-27216d6759f5", "5414", "security guard",
        "Guard premises day or night, control who comes in and out, patrol, record incidents in the "
        "occurrence book and call for help when needed. Uniform provided.",
        ("access control", "patrolling", "incident reporting", "first aid"),
        "Primary school certificate (KCPE)", None,
    ),
    "cook": Job(
        "90f75f67-495d-49fa-ab57-2f320e251d7e", "5120", "cook",
        "Prepare and cook meals to the menu, keep the kitchen clean and food stored safely, and help plan "
        "orders of ingredients.",
        ("food preparation", "food hygiene", "menu planning", "kitchen safety"),
        "Certificate in food production is an advantage", 12,
    ),
    "waiter": Job(
        "d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471", "5131", "waiter/waitress",
        "Welcome guests, take orders, serve food and drinks, handle bills and payments and keep the "
        "restaurant clean and ready. Meals on duty provided.",
        ("customer service", "order taking", "cash handling", "English and Swahili"),
        "Secondary school certificate (KCSE)", 6,
    ),
    "electrician": Job(
        "4910419f-b4af-4f59-b544-9dbebc8a74f0", "7411", "electrician",
        "Install and repair wiring, sockets, lighting and distribution boards in homes and commercial "
        "buildings, test installations and follow safety regulations.",
        ("electrical installation", "wiring diagrams", "testing and inspection", "safety rules"),
        "Craft certificate or diploma in electrical installation", 24,
    ),
    "plumber": Job(
        "ed3cf43d-c2c1-4c46-82fc-1375e27e0290", "7126", "plumber",
        "Install and repair water pipes, tanks, taps, toilets and drainage on construction sites and in "
        "occupied buildings.",
        ("pipe fitting", "leak detection", "drainage", "reading drawings"),
        "Trade test certificate in plumbing", 12,
    ),
    "tailor": Job(
        "978ae3a2-0831-415a-8396-b84dde656fc5", "7531", "tailor",
        "Measure clients, cut and sew garments and school uniforms, do alterations and keep the sewing "
        "machines in good order.",
        ("garment cutting", "machine sewing", "taking measurements", "alterations"),
        None, 12,
    ),
    "shop": Job(
        "0b15375e-dfdd-4047-9efb-096e0aaee7d2", "5223", "shop assistant",
        "Serve customers, keep shelves stocked and priced, receive deliveries and help with stock counts.",
        ("customer service", "stock keeping", "cash handling", "product knowledge"),
        "Secondary school certificate (KCSE)", None,
    ),
    "farm": Job(
        "c9191f7f-28b5-4df8-991d-804c53009b83", "9213", "crop production worker",
        "Plant, weed, spray, harvest and pack crops; help with irrigation and simple farm maintenance. "
        "Transport from the nearest stage provided.",
        ("harvesting", "irrigation", "safe use of farm chemicals", "packing"),
        None, None,
    ),
    "ict": Job(
        "aaeec9a7-dc57-4485-890c-86b3eef735f9", "3512", "ICT help desk agent",
        "Answer staff calls and tickets, set up computers and phones, fix common software and network "
        "problems and escalate what you cannot solve.",
        ("troubleshooting", "Windows and Office", "networking basics", "ticketing systems"),
        "Diploma or certificate in ICT", 6,
    ),
    "teacher": Job(
        "03d79393-7b30-4159-945b-01963eddd302", "2341", "primary school teacher",
        "Teach lower or upper primary classes following the competency-based curriculum, mark work, keep "
        "learners' records and meet parents.",
        ("lesson planning", "classroom management", "assessment", "competency-based curriculum"),
        "Diploma in primary teacher education, registered with the Teachers Service Commission", 12,
    ),
}

POSTINGS: list[Posting] = [
    # motorcycle delivery
    Posting("boda", "Motorcycle delivery rider", "Haraka Parcels Ltd", "Nairobi", "FULL_TIME", (18000, 25000),
            "Motorcycle, helmet and reflector jacket provided; fuel paid by the company.", openings=5),
    Posting("boda", "Boda boda delivery rider (food orders)", "Mlo Express Kitchens", "Mombasa", "PART_TIME", (500, 900),
            "Evening shifts from 5 pm to 10 pm; pay per shift plus a bonus per delivery.", openings=4, unit="DAY"),
    Posting("boda", "Pharmacy delivery rider", "Afya Bora Chemists", "Kisumu", "FULL_TIME", (17000, 22000),
            "You carry medicines, so a clean record and careful handling matter.", openings=2),
    Posting("boda", "Courier rider", "Bonde Couriers", "Nakuru", "CONTRACTOR", (15000, 21000),
            "Own motorcycle preferred; the company pays a monthly maintenance allowance.", openings=3),
    Posting("boda", "Delivery rider", "Pwani Fresh Groceries", "Malindi", "FULL_TIME", (14000, 19000),
            "Deliveries of fresh groceries to homes and hotels along the coast road.", openings=2),
    # van and car drivers
    Posting("driver", "Delivery van driver", "Jamii Distributors", "Nairobi", "FULL_TIME", (28000, 35000),
            "Routes cover Nairobi and Kiambu; you start at the Industrial Area depot at 7 am."),
    Posting("driver", "Company driver", "Maji Safi Water Services", "Thika", "FULL_TIME", (25000, 32000),
            "You drive staff to sites and collect supplies; occasional weekend trips paid as overtime."),
    Posting("driver", "Van driver (bakery deliveries)", "Mkate Mzuri Bakers", "Eldoret", "FULL_TIME", (22000, 28000),
            "Early mornings: bread must reach shops by 6 am."),
    Posting("driver", "Taxi and hotel shuttle driver", "Coral Coast Shuttles", "Kilifi", "TEMPORARY", (24000, 30000),
            "Six-month contract over the tourist season, airport runs to Malindi and Mombasa."),
    Posting("driver", "Delivery driver", "Upendo Supermarkets", "Kakamega", "FULL_TIME", (22000, 27000),
            "Deliveries between our three branches and to customers' homes."),
    # lorry
    Posting("lorry", "Long-haul truck driver", "Kilele Logistics", "Mombasa", "FULL_TIME", (45000, 60000),
            "Mombasa to Nairobi and Malaba routes; trip allowance paid on top of salary.", openings=3),
    Posting("lorry", "Lorry driver (building materials)", "Mawe Hardware & Transport", "Machakos", "FULL_TIME", (35000, 42000),
            "Deliveries of cement, sand and steel to construction sites around Machakos."),
    Posting("lorry", "Tipper truck driver", "Barabara Works Ltd", "Nakuru", "CONTRACTOR", (40000, 50000),
            "Road construction project of about nine months."),
    Posting("lorry", "Milk tanker driver", "Kitale Dairy Cooperative", "Kitale", "FULL_TIME", (38000, 45000),
            "Collection routes to farms before dawn; hygiene training provided."),
    # house help
    Posting("househelp", "House help (live-in)", "Private household (via PES office)", "Nairobi", "FULL_TIME", (15000, 18000),
            "Family of four in Westlands; own room, meals, NHIF and NSSF contributions paid."),
    Posting("househelp", "Day house help", "Private household (via PES office)", "Nakuru", "PART_TIME", (9000, 12000),
            "Monday to Friday, 8 am to 2 pm."),
    Posting("househelp", "Housekeeper for holiday villa", "Baharini Villas", "Malindi", "FULL_TIME", (16000, 20000),
            "Prepare the villa between guests and keep linen and stores in order."),
    Posting("househelp", "House help and cook", "Private household (via PES office)", "Nyeri", "FULL_TIME", (13000, 16000),
            "Elderly couple; cooking for special diets is part of the job."),
    # health care assistants
    Posting("care", "Healthcare assistant", "Tumaini Nursing Home", "Nairobi", "FULL_TIME", (25000, 32000),
            "Residents are older people who need help with daily living.", openings=3),
    Posting("care", "Patient care assistant", "Ufanisi Medical Centre", "Kisumu", "FULL_TIME", (22000, 28000),
            "Medical and surgical wards; rotating day and night shifts."),
    Posting("care", "Home-based caregiver", "Faraja Home Care", "Mombasa", "PART_TIME", (900, 1300),
            "Visits to clients at home across Mombasa; transport refunded.", unit="DAY"),
    Posting("care", "Nursing assistant", "Kakamega Mission Hospital", "Kakamega", "FULL_TIME", (20000, 26000),
            "Maternity and paediatric wards."),
    # mechanics
    Posting("mechanic", "Motor vehicle mechanic", "Gari Care Garage", "Nairobi", "FULL_TIME", (30000, 45000),
            "Busy garage in Ngara servicing saloon cars and pick-ups."),
    Posting("mechanic", "Mechanic (trucks and buses)", "Kilele Logistics", "Mombasa", "FULL_TIME", (35000, 50000),
            "Maintain our fleet of 40 trucks at the Changamwe yard."),
    Posting("mechanic", "Junior mechanic", "Rift Auto Services", "Eldoret", "FULL_TIME", (20000, 26000),
            "Good for a recent trade-test graduate who wants to learn diagnostics."),
    Posting("mechanic", "Tractor and farm machinery mechanic", "Shamba Mechanisation Hub", "Kitale", "CONTRACTOR", (28000, 36000),
            "Repairs on farms across Trans Nzoia during the planting season."),
    # security
    Posting("guard", "Security guard", "Linda Salama Security", "Nairobi", "FULL_TIME", (16000, 19000),
            "Commercial buildings in the CBD; day and night rotation.", openings=10),
    Posting("guard", "Night watchman", "Ngome Guards", "Thika", "FULL_TIME", (14000, 16000),
            "Factory premises; 12-hour night shifts, six nights a week."),
    Posting("guard", "Hotel security officer", "Coral Reef Beach Hotel", "Kilifi", "FULL_TIME", (18000, 22000),
            "Guest safety, gate control and beach patrols."),
    Posting("guard", "Security guard", "Linda Salama Security", "Kisumu", "FULL_TIME", (15000, 18000),
            "Banks and shopping centres in Kisumu town.", openings=6),
    Posting("guard", "Estate guard", "Ngome Guards", "Machakos", "FULL_TIME", (14000, 16500),
            "Residential estate gate; visitor registration and patrols."),
    # cooks
    Posting("cook", "Cook", "Mama Oliech Eatery", "Kisumu", "FULL_TIME", (18000, 24000),
            "Fish dishes and local food for a busy lunchtime crowd."),
    Posting("cook", "Hotel cook", "Coral Reef Beach Hotel", "Kilifi", "FULL_TIME", (22000, 30000),
            "Buffet and à la carte service for hotel guests."),
    Posting("cook", "Cook (school kitchen)", "Mwangaza Academy", "Nyeri", "FULL_TIME", (15000, 18000),
            "Meals for 400 boarders; large-quantity cooking experience helps."),
    Posting("cook", "Line cook", "Savannah Grill", "Nairobi", "FULL_TIME", (22000, 28000),
            "Grill and fry station in a restaurant on Ngong Road."),
    Posting("cook", "Cook", "Swahili Pot Restaurant", "Mombasa", "FULL_TIME", (20000, 26000),
            "Coastal cuisine: biryani, pilau, samaki wa kupaka."),
    # waiters
    Posting("waiter", "Waiter/waitress", "Swahili Pot Restaurant", "Mombasa", "FULL_TIME", (14000, 18000),
            "Busy restaurant in the Old Town.", openings=3),
    Posting("waiter", "Restaurant waiter", "Baharini Villas", "Malindi", "TEMPORARY", (15000, 19000),
            "Tourist season contract, December to April.", openings=4),
    Posting("waiter", "Waitress/waiter", "Coral Reef Beach Hotel", "Kilifi", "FULL_TIME", (15000, 20000),
            "Beach restaurant and pool bar.", openings=2),
    Posting("waiter", "Waiter", "Lakeview Hotel Naivasha", "Naivasha", "FULL_TIME", (15000, 19000),
            "Conference and wedding service on weekends."),
    Posting("waiter", "Part-time waiter", "Savannah Grill", "Nairobi", "PART_TIME", (700, 1000),
            "Friday to Sunday evenings.", unit="DAY"),
    # electricians
    Posting("electrician", "Electrician", "Nuru Electrical Contractors", "Nairobi", "FULL_TIME", (30000, 42000),
            "Wiring of new apartment blocks in Kilimani and Kileleshwa."),
    Posting("electrician", "Maintenance electrician", "Maji Safi Water Services", "Thika", "FULL_TIME", (32000, 40000),
            "Pumps, motors and control panels at our treatment plant."),
    Posting("electrician", "Solar and electrical installer", "Jua Power Solutions", "Garissa", "CONTRACTOR", (28000, 38000),
            "Install solar home systems and wiring for schools and clinics."),
    Posting("electrician", "Electrician", "Nuru Electrical Contractors", "Nakuru", "TEMPORARY", (26000, 34000),
            "Four-month project at a new shopping centre."),
    # plumbers
    Posting("plumber", "Plumber", "Mawe Hardware & Transport", "Machakos", "CONTRACTOR", (25000, 32000),
            "Plumbing for a housing project of 60 units."),
    Posting("plumber", "Plumber", "Maji Safi Water Services", "Nairobi", "FULL_TIME", (28000, 36000),
            "Repairs on customer connections and leaks in the network."),
    Posting("plumber", "Hotel maintenance plumber", "Lakeview Hotel Naivasha", "Naivasha", "FULL_TIME", (24000, 30000),
            "Keep rooms, kitchens and the pool plant running."),
    Posting("plumber", "Plumbing assistant", "Kisumu Builders Co-op", "Kisumu", "TEMPORARY", (15000, 20000),
            "Good for someone finishing a trade course."),
    # tailors
    Posting("tailor", "Tailor", "Kitenge Designs", "Nairobi", "FULL_TIME", (18000, 25000),
            "Ready-to-wear African print clothing for our shop and online orders.", openings=2),
    Posting("tailor", "School uniform tailor", "Mwangaza Uniforms", "Eldoret", "TEMPORARY", (15000, 20000),
            "Busy season before the school term opens; piece-rate bonus."),
    Posting("tailor", "Tailor and alterations", "Pwani Fashion House", "Mombasa", "PART_TIME", (600, 900),
            "Alterations and custom orders, four days a week.", unit="DAY"),
    Posting("tailor", "Machinist/tailor", "Rift Garments EPZ", "Nakuru", "FULL_TIME", (16000, 19000),
            "Factory line sewing; training on industrial machines given.", openings=8),
    # shop assistants
    Posting("shop", "Shop assistant", "Upendo Supermarkets", "Kakamega", "FULL_TIME", (14000, 17000),
            "Shelf filling, customer help and till cover.", openings=3),
    Posting("shop", "Sales assistant (electronics)", "Tech Hub Stores", "Nairobi", "FULL_TIME", (18000, 24000),
            "Phones and accessories; commission on sales."),
    Posting("shop", "Hardware shop attendant", "Mawe Hardware & Transport", "Machakos", "FULL_TIME", (13000, 16000),
            "Building materials and tools; some lifting involved."),
    Posting("shop", "Shop attendant", "Duka la Pwani", "Kilifi", "FULL_TIME", (12000, 15000),
            "General shop near the bus stage; early opening."),
    # farm
    Posting("farm", "Farm worker (horticulture)", "Naivasha Blooms Ltd", "Naivasha", "FULL_TIME", (12000, 14500),
            "Greenhouse flower farm; protective clothing provided.", openings=20),
    Posting("farm", "Seasonal harvest worker", "Kitale Grain Growers", "Kitale", "TEMPORARY", (500, 650),
            "Maize and bean harvest, about eight weeks.", openings=15, unit="DAY"),
    Posting("farm", "Tea estate worker", "Kericho Highlands Tea", "Kericho", "FULL_TIME", (13000, 15000),
            "Plucking and field maintenance; housing on the estate available.", openings=10),
    Posting("farm", "Farm hand (dairy and crops)", "Nyeri Hills Farm", "Nyeri", "FULL_TIME", (11000, 13500),
            "Milking, feeding and vegetable plots."),
    # ICT help desk
    Posting("ict", "IT support assistant", "Jamii Distributors", "Nairobi", "FULL_TIME", (30000, 40000),
            "Support 80 staff across head office and the depot."),
    Posting("ict", "ICT intern", "County Innovation Hub", "Kisumu", "INTERN", (10000, 15000),
            "Six-month internship with a monthly stipend.", openings=4),
    Posting("ict", "Help desk technician", "Ufanisi Medical Centre", "Kisumu", "FULL_TIME", (28000, 35000),
            "Hospital systems, printers and the staff network."),
    Posting("ict", "Computer technician", "Tech Hub Stores", "Eldoret", "FULL_TIME", (22000, 28000),
            "Repair and set-up of customers' laptops and desktops."),
    # teachers
    Posting("teacher", "Primary school teacher (mathematics and science)", "Mwangaza Academy", "Nyeri", "FULL_TIME", (28000, 35000),
            "Upper primary classes in a boarding school."),
    Posting("teacher", "Primary teacher", "Bright Future School", "Garissa", "FULL_TIME", (30000, 38000),
            "Hardship allowance and housing available."),
    Posting("teacher", "Teacher (lower primary)", "Little Stars School", "Machakos", "FULL_TIME", (22000, 28000),
            "Grades 1-3; patience and creativity valued."),
    Posting("teacher", "Primary school teacher (English)", "Pwani Junior School", "Mombasa", "TEMPORARY", (25000, 30000),
            "Covering a teacher on leave for one term."),
]
