"""The fictional content of the demo: schools, good practices, advisers and people.

Every school, person and address here is invented; the cities and provinces are real. The texts are written for
this project, with facts taken from the programme's source material (a regional career file that travels to mbo,
a monthly barometer and a progress meter, the twelve LOB themes). Email addresses use example.org.
"""

DEMO_PASSWORD = "lob-demo-2026"  # noqa: S105 (documented demo password, local demo only)

# Logins printed at the end of ``manage.py demo_data``: (email, role label, first name, last name).
LOGINS = {
    "school": ("school@example.org", "Contactpersoon partnerschool", "Petra", "van Dam"),
    "ambassador": ("ambassadeur@example.org", "Ambassadeur", "Ingrid", "Hoekstra"),
    "adviser": ("adviseur@example.org", "Externe adviseur", "Marloes", "van der Linden"),
    "staff": ("staf@example.org", "Medewerker VO-raad", "Hans", "Willemsen"),
    "finance": ("financien@example.org", "Financiële administratie", "Carla", "Rietveld"),
    "admin": ("admin@example.org", "Beheerder (superuser)", "Beheer", "LOB-match"),
}

VMBO = ["vmbo-b", "vmbo-k", "vmbo-g", "vmbo-t"]

# --- Ambassador schools and their good practices ------------------------------------------------------------------

AMBASSADORS = [
    {
        "brin": "17LH", "name": "Scholengemeenschap De Lindehof", "city": "Oss", "province": "NB",
        "street": "Lindelaan 40", "postcode": "5341 AB", "denomination": "Rooms-Katholiek", "types": VMBO,
        "contact": ("ambassadeur@example.org", "Ingrid", "Hoekstra"),
        "introduction": "Vmbo-school met alle leerwegen, al jaren trekker van het regionale LOB-netwerk "
                        "vo-mbo in Noordoost-Brabant.",
        "practices": [
            {
                "title": "Een loopbaandossier dat meegaat naar het mbo",
                "region": "Noordoost-Brabant",
                "summary": "Vmbo- en mbo-scholen in de regio gebruiken één loopbaandossier, zodat het mbo verder kan "
                           "bouwen op de loopbaanbegeleiding die op het vmbo is begonnen.",
                "description": (
                    "Samen met vier vmbo-scholen en twee mbo-instellingen in de regio hebben wij een gezamenlijk "
                    "loopbaandossier ontwikkeld. Het vult het digitale doorstroomdossier aan: waar dat dossier vooral "
                    "cijfers en adviezen bevat, laat het loopbaandossier zien wie de leerling is, wat hij heeft "
                    "uitgeprobeerd en welke keuzes hij heeft gemaakt.\n\n"
                    "Leerlingen werken er in het vierde leerjaar aan, in de mentorles en tijdens de stageweken. Ze "
                    "vatten hun LOB-activiteiten samen, reflecteren op wat ze ervan leerden en voegen foto's, filmpjes "
                    "en werkstukken toe. Bij de intake op het mbo presenteert de leerling zichzelf met het dossier.\n\n"
                    "De scholen stellen elk jaar samen een plan op, voeren het uit en evalueren het. Zo blijven de "
                    "afspraken over de inhoud van het dossier actueel en spreken vmbo en mbo dezelfde taal bij de "
                    "overstap."
                ),
                "principles": (
                    "Het dossier laat de loopbaanontwikkeling van de leerling op het vmbo zien\n"
                    "Het maakt zichtbaar welke keuzes de leerling maakte en hoe hij daarop terugkijkt\n"
                    "De leerling stelt zich met het dossier voor aan de mbo-opleiding\n"
                    "Het mbo zet de loopbaanbegeleiding voort: een doorlopende leerlijn\n"
                    "De leerling is en blijft eigenaar van zijn dossier"
                ),
                "tips": (
                    "Plan lestijd in waarin leerlingen aan hun dossier werken\n"
                    "Geef mentoren een korte handleiding en voorbeelddossiers\n"
                    "Neem het dossier op in het LOB-programma en het PTA\n"
                    "Leg vast wie wat doet en wanneer: een duidelijke procesbeschrijving\n"
                    "Begin bij het waarom: collega's die de meerwaarde zien, begeleiden beter"
                ),
                "themes": ["externe-partijen", "inhoud-van-lob", "vorm-in-curriculum"],
                "types": VMBO,
                # (title, file in trajectories/demo_files/): material the ambassador adds, for anyone to download
                "material": ("Handleiding loopbaandossier voor mentoren", "handleiding-loopbaandossier-voor-mentoren.pdf"),
            },
            {
                "title": "Driegesprekken met leerling, ouder en mentor",
                "region": "Noordoost-Brabant",
                "summary": "Twee keer per jaar voert de mentor een loopbaangesprek met de leerling en zijn ouders, "
                           "voorbereid door de leerling zelf.",
                "description": (
                    "Ouders zijn de belangrijkste gesprekspartner van leerlingen bij hun keuzes, maar kwamen op school "
                    "vooral bij rapportavonden. Wij hebben de tienminutengesprekken vervangen door driegesprekken van "
                    "twintig minuten waarin de leerling het gesprek leidt.\n\n"
                    "De leerling bereidt het gesprek voor met een korte vragenlijst: wat ging goed, wat wil ik "
                    "uitproberen, welke hulp heb ik nodig. De mentor stelt vragen en vat afspraken samen; ouders "
                    "vertellen wat zij thuis zien. De afspraken komen in het loopbaandossier.\n\n"
                    "Voor ouders die de school moeilijk bereiken, plannen we gesprekken 's avonds of bij hen thuis, "
                    "zo nodig met een tolk."
                ),
                "principles": (
                    "De leerling bereidt het gesprek voor en voert het woord\n"
                    "Ouders zijn partner in de loopbaanbegeleiding, niet alleen toehoorder\n"
                    "Afspraken worden vastgelegd en in het volgende gesprek besproken"
                ),
                "tips": (
                    "Oefen het gesprek eerst in de mentorles, in tweetallen\n"
                    "Geef mentoren een gesprekskaart met open vragen\n"
                    "Plan de gesprekken ruim voor de profiel- of sectorkeuze\n"
                    "Bied ouders een avondmoment aan"
                ),
                "themes": ["ouders-en-verzorgers", "determinatie-en-advisering"],
                "types": VMBO,
            },
        ],
    },
    {
        "brin": "23HV", "name": "Hofvliet College", "city": "Leiden", "province": "ZH",
        "street": "Vlietweg 12", "postcode": "2312 AK", "denomination": "Openbaar", "types": ["havo", "vwo"],
        "contact": ("b.verhoeven@example.org", "Bas", "Verhoeven"),
        "introduction": "Havo/vwo-school in Leiden waar het LOB-team met korte meetmomenten werkt.",
        "practices": [
            {
                "title": "De loopbaanbarometer: elke maand meten hoe LOB landt",
                "region": "Leiden en omstreken",
                "summary": "Een korte anonieme vragenlijst laat elke maand zien hoe leerlingen de LOB-activiteiten "
                           "ervaren; het team bespreekt de uitkomst en stuurt direct bij.",
                "description": (
                    "Na elke LOB-activiteit beantwoorden leerlingen drie vragen op een schaal van 1 tot 5: was het "
                    "nuttig, weet ik meer over mijn keuze, voel ik me gesteund? Er is ruimte voor één opmerking. De "
                    "antwoorden zijn anoniem en worden alleen per klas of leerjaar getoond.\n\n"
                    "Het LOB-team bespreekt de uitkomsten elke maand in een staande vergadering van een kwartier bij "
                    "het planbord. Wat goed gaat, bouwen we uit; wat minder gaat, pakken we dezelfde maand nog aan. "
                    "De barometer is geen beoordeling van collega's en we vergelijken teams niet met elkaar.\n\n"
                    "Sinds we zo werken, zijn de beroepenmiddag en de meeloopdagen duidelijk beter beoordeeld."
                ),
                "principles": (
                    "Regelmatig en kort meten is beter dan één grote enquête per jaar\n"
                    "Anonimiteit maakt eerlijke antwoorden mogelijk\n"
                    "Elke uitkomst leidt tot een concrete actie met een eigenaar\n"
                    "De barometer is van het team en geen instrument om af te rekenen"
                ),
                "tips": (
                    "Houd het bij drie vragen en één open opmerking\n"
                    "Toon resultaten pas vanaf drie antwoorden\n"
                    "Bespreek de uitkomst binnen een week, anders verliest het zijn waarde\n"
                    "Geef op een dieptepunt niet op: juist dan is het gesprek nuttig"
                ),
                "themes": ["krachtige-leeromgeving", "lob-werkplan"],
                "types": ["havo", "vwo"],
            },
            {
                "title": "Voortgangsmeter voor het LOB-team",
                "region": "Leiden en omstreken",
                "summary": "Met een eenvoudige meter van 1 tot 5 houdt het LOB-team bij hoe ver de school is met elk "
                           "onderdeel van het LOB-werkplan.",
                "description": (
                    "Een werkplan is snel geschreven, maar hoe weet je halverwege het jaar of je op koers ligt? Wij "
                    "gebruiken een voortgangsmeter: per onderdeel van het plan beschrijven we wat score 1 (we zijn "
                    "begonnen) tot en met 5 (het is vanzelfsprekend) betekent.\n\n"
                    "Elk kwartaal scoren de teamleiders en de decanen samen. Het gesprek over verschillen in de "
                    "scores is waardevoller dan het cijfer zelf. De uitkomst gaat naar de schoolleiding en komt terug "
                    "in de jaarplanning en in het professionaliseringsplan."
                ),
                "principles": (
                    "Beschrijf per niveau concreet gedrag dat je kunt zien\n"
                    "Scoor samen en bespreek de verschillen\n"
                    "Koppel de uitkomst aan professionalisering en planning"
                ),
                "tips": (
                    "Begin met hooguit vijf onderdelen\n"
                    "Laat de schoolleiding de uitkomst elk kwartaal bespreken\n"
                    "Hang de meter zichtbaar op in de teamkamer"
                ),
                "themes": ["professionalisering", "draagvlak-en-leiderschap"],
                "types": ["havo", "vwo"],
            },
        ],
    },
    {
        "brin": "31ZL", "name": "Zilverberg Lyceum", "city": "Groningen", "province": "GR",
        "street": "Zilverweg 3", "postcode": "9712 BC", "denomination": "Algemeen bijzonder", "types": ["havo", "vwo"],
        "contact": ("f.dijkstra@example.org", "Femke", "Dijkstra"),
        "introduction": "Lyceum in de stad Groningen met een sterk netwerk van oud-leerlingen.",
        "practices": [
            {
                "title": "Studiekeuze met oud-leerlingen",
                "region": "Noord-Nederland",
                "summary": "Oud-leerlingen vertellen in kleine groepen over hun studie en werk; leerlingen bereiden "
                           "hun vragen voor en verwerken wat ze hoorden in hun keuzeverslag.",
                "description": (
                    "Elk jaar komen ruim zestig oud-leerlingen terug naar school voor de alumnimiddag. In groepjes van "
                    "zes spreken bovenbouwleerlingen met een student of werkende over de opleiding, de eerste maanden "
                    "en wat tegenviel. Leerlingen kiezen vooraf drie gesprekken en bereiden hun vragen voor in de "
                    "mentorles.\n\n"
                    "Het alumnibestand houden we bij met toestemming van de oud-leerlingen. Hogescholen en de "
                    "universiteit in de stad sluiten aan met proefstudeeropdrachten."
                ),
                "principles": (
                    "Echte verhalen van mensen die net iets verder zijn\n"
                    "Leerlingen bereiden hun vragen voor en reflecteren achteraf\n"
                    "Het vervolgonderwijs is partner, niet alleen gastspreker"
                ),
                "tips": (
                    "Vraag eindexamenleerlingen al bij de diploma-uitreiking om toestemming\n"
                    "Houd de groepen klein, zodat iedereen een vraag stelt\n"
                    "Laat leerlingen na afloop één ding opschrijven dat hun beeld veranderde"
                ),
                "themes": ["externe-partijen", "determinatie-en-advisering"],
                "types": ["havo", "vwo"],
            },
        ],
    },
    {
        "brin": "45PA", "name": "Praktijkschool Het Ambacht", "city": "Enschede", "province": "OV",
        "street": "Ambachtsweg 21", "postcode": "7521 DE", "denomination": "Openbaar", "types": ["pro"],
        "contact": ("r.nijhuis@example.org", "Rik", "Nijhuis"),
        "introduction": "Praktijkschool in Twente die leerlingen via stages naar werk begeleidt.",
        "practices": [
            {
                "title": "Stagecarrousel: vier werelden in één jaar",
                "region": "Twente",
                "summary": "Leerlingen lopen in het derde jaar vier korte stages in heel verschillende sectoren en "
                           "kiezen daarna gericht hun lange stage.",
                "description": (
                    "Veel leerlingen kennen alleen de beroepen uit hun eigen omgeving. In de stagecarrousel werken ze "
                    "drie weken in de zorg, de techniek, de logistiek en de horeca of detailhandel. Werkgevers uit de "
                    "regio bieden vaste plekken aan en krijgen een vaste contactpersoon van school.\n\n"
                    "Na elke stage voert de stagebegeleider een kort gesprek met de leerling aan de hand van foto's "
                    "die de leerling zelf maakte. Zo ontdekken leerlingen wat ze leuk vinden en waar ze goed in zijn, "
                    "ook als ze dat moeilijk onder woorden kunnen brengen."
                ),
                "principles": (
                    "Leerlingen leren beroepen kennen door ze te doen\n"
                    "Reflectie met beelden in plaats van lange verslagen\n"
                    "Vaste werkgevers en een vast aanspreekpunt op school"
                ),
                "tips": (
                    "Begin met werkgevers die al stagiairs begeleiden\n"
                    "Bezoek elke leerling minstens één keer op de stageplek\n"
                    "Bedank werkgevers zichtbaar, bijvoorbeeld met een jaarlijkse ontbijtsessie"
                ),
                "themes": ["krachtige-leeromgeving", "externe-partijen", "inhoud-van-lob"],
                "types": ["pro"],
            },
        ],
    },
    {
        "brin": "52VZ", "name": "Scholengemeenschap Veluwezoom", "city": "Arnhem", "province": "GE",
        "street": "Zoomweg 8", "postcode": "6814 AA", "denomination": "Protestants-Christelijk",
        "types": ["vmbo-g", "vmbo-t", "havo", "vwo"],
        "contact": ("a.kramer@example.org", "Annelies", "Kramer"),
        "introduction": "Brede scholengemeenschap in Arnhem met een LOB-werkplan voor elk leerjaar.",
        "practices": [
            {
                "title": "Een LOB-werkplan per leerjaar",
                "region": "Arnhem en Nijmegen",
                "summary": "Elk leerjaar heeft een werkplan van twee pagina's: welke activiteiten, wie is "
                           "verantwoordelijk, wanneer, en hoe we weten of het werkt.",
                "description": (
                    "Onze LOB-activiteiten waren goed bedoeld maar versnipperd: elke mentor deed iets anders. Nu maakt "
                    "elk jaarteam met de decaan een werkplan van twee pagina's. Daarin staan de activiteiten, de "
                    "verantwoordelijke per activiteit, de planning en een korte evaluatievraag.\n\n"
                    "De werkplannen sluiten op elkaar aan, zodat een leerling van klas 1 tot het examenjaar een "
                    "doorlopende lijn ervaart. Eerstelijnsbegeleiders (mentoren) weten wat er van hen verwacht wordt; "
                    "de decaan is tweede lijn en verwijst zo nodig door."
                ),
                "principles": (
                    "Kort en concreet: twee pagina's per leerjaar\n"
                    "Elke activiteit heeft één eigenaar\n"
                    "Werkplannen sluiten aan op de visie van de school"
                ),
                "tips": (
                    "Maak het werkplan samen met het jaarteam, niet voor het jaarteam\n"
                    "Evalueer in juni en pas het plan aan voor het nieuwe schooljaar\n"
                    "Zet de planning in de jaaragenda van de school"
                ),
                "themes": ["lob-werkplan", "rollen-en-taken", "vorm-in-curriculum"],
                "types": ["vmbo-g", "vmbo-t", "havo", "vwo"],
            },
            {
                "title": "Elk vak een beroepenblik",
                "region": "Arnhem en Nijmegen",
                "summary": "Vakdocenten laten in elke periode zien welke beroepen en opleidingen bij hun vak horen.",
                "description": (
                    "LOB is niet alleen iets van de mentor. In onze aanpak kiest elke vaksectie per periode één les "
                    "waarin een beroep centraal staat: een gastspreker, een opdracht uit de praktijk of een bezoek. "
                    "De sectie kiest zelf, de decaan helpt met contacten.\n\n"
                    "Leerlingen houden in hun loopbaandossier bij welke beroepen ze tegenkwamen en wat ze ervan "
                    "vonden. Zo wordt zichtbaar dat het vak en de toekomst met elkaar te maken hebben."
                ),
                "principles": (
                    "LOB hoort bij elk vak\n"
                    "Secties kiezen zelf hoe ze het invullen\n"
                    "Leerlingen verbinden vakken aan beroepen en opleidingen"
                ),
                "tips": (
                    "Start met de secties die al gastsprekers uitnodigen\n"
                    "Deel geslaagde lessen in de sectievergadering\n"
                    "Houd een gedeelde lijst met contacten bij"
                ),
                "themes": ["vorm-in-curriculum", "inhoud-van-lob"],
                "types": ["vmbo-g", "vmbo-t", "havo", "vwo"],
            },
        ],
    },
    {
        "brin": "60CM", "name": "Christelijk College Meerwijde", "city": "Almere", "province": "FL",
        "street": "Meerwijdeplein 1", "postcode": "1311 HA", "denomination": "Protestants-Christelijk",
        "types": ["vmbo-g", "vmbo-t", "havo", "vwo"],
        "contact": ("y.elamrani@example.org", "Youssef", "El Amrani"),
        "introduction": "School in Almere die alle mentoren heeft opgeleid tot loopbaancoach.",
        "practices": [
            {
                "title": "De mentor als loopbaancoach",
                "region": "Flevoland",
                "summary": "Alle mentoren volgen een korte training in loopbaangesprekken en oefenen elkaar met "
                           "intervisie; de decaan is tweede lijn.",
                "description": (
                    "Een goed loopbaangesprek vraagt andere vaardigheden dan lesgeven: doorvragen, stilte laten "
                    "vallen, niet meteen adviseren. Daarom volgen al onze mentoren een training van drie middagen, "
                    "gevolgd door intervisie in kleine groepen.\n\n"
                    "De rollen zijn helder beschreven: de mentor voert de gesprekken, de decaan begeleidt lastige "
                    "keuzes en verwijst door naar externe hulp. Loopbaanbegeleiding is onderdeel van het "
                    "functioneringsgesprek van de mentor."
                ),
                "principles": (
                    "Loopbaangesprekken voeren is een vak dat je kunt leren\n"
                    "Duidelijke rollen: mentor eerste lijn, decaan tweede lijn\n"
                    "Professionalisering hoort bij de eigen loopbaan van de docent"
                ),
                "tips": (
                    "Film een oefengesprek en bespreek het samen\n"
                    "Plan intervisie vast in het jaarrooster\n"
                    "Geef nieuwe mentoren een maatje"
                ),
                "themes": ["professionalisering", "rollen-en-taken"],
                "types": ["vmbo-g", "vmbo-t", "havo", "vwo"],
            },
        ],
    },
    {
        "brin": "68KL", "name": "Kwelderlyceum", "city": "Leeuwarden", "province": "FR",
        "street": "Kwelderdyk 5", "postcode": "8911 BK", "denomination": "Openbaar", "types": ["havo", "vwo"],
        "contact": ("s.deboer@example.org", "Sjoukje", "de Boer"),
        "introduction": "Lyceum in Leeuwarden dat ouders actief betrekt bij de studiekeuze.",
        "practices": [
            {
                "title": "Ouderavond als gesprekstafel",
                "region": "Friesland",
                "summary": "In plaats van een voorlichtingsavond met een zaal vol stoelen praten ouders aan tafels "
                           "met elkaar, met docenten en met oud-leerlingen over studiekeuze.",
                "description": (
                    "Ouders willen hun kind helpen bij de studiekeuze, maar weten vaak niet hoe. Op onze ouderavond "
                    "zitten ze aan gesprekstafels met een thema: geld en studeren, twijfel en uitstel, de overstap "
                    "naar het hbo. Aan elke tafel zit een docent of oud-leerling die het gesprek begeleidt.\n\n"
                    "De schoolleiding opent de avond en vertelt waarom de school LOB belangrijk vindt. Ouders gaan naar "
                    "huis met drie vragen om met hun kind te bespreken."
                ),
                "principles": (
                    "Ouders leren het meest van elkaar\n"
                    "De schoolleiding draagt het belang van LOB zichtbaar uit\n"
                    "Elke avond eindigt met iets om thuis te doen"
                ),
                "tips": (
                    "Nodig ouders persoonlijk uit via de mentor\n"
                    "Houd tafels klein: hooguit acht ouders\n"
                    "Vraag na afloop met twee vragen wat ouders ervan vonden"
                ),
                "themes": ["ouders-en-verzorgers", "draagvlak-en-leiderschap"],
                "types": ["havo", "vwo"],
            },
        ],
    },
    {
        "brin": "74VH", "name": "Scholengemeenschap Vleutenhof", "city": "Utrecht", "province": "UT",
        "street": "Vleutenseweg 100", "postcode": "3532 HM", "denomination": "Interconfessioneel",
        "types": ["vmbo-k", "vmbo-g", "vmbo-t", "havo"],
        "contact": ("m.smit@example.org", "Marieke", "Smit"),
        "introduction": "School in Utrecht-West die haar LOB-visie samen met het hele team schreef.",
        "practices": [
            {
                "title": "Een LOB-visie op één A4",
                "region": "Utrecht",
                "summary": "Het hele team schreef in drie studiemiddagen een LOB-visie van één pagina, waaruit het "
                           "beleid en de activiteiten volgen.",
                "description": (
                    "Waarom doen we aan LOB? Die vraag stelden we het hele team. In drie studiemiddagen hebben docenten, "
                    "mentoren, decanen en schoolleiding samen een visie van één A4 geschreven. Leerlingen en ouders "
                    "gaven commentaar op de conceptversie.\n\n"
                    "Uit de visie volgen drie doelen, en uit elk doel een paar activiteiten. Wat niet bij een doel "
                    "past, schrappen we. De visie hangt in elk lokaal en wordt elk jaar in de eerste teamvergadering "
                    "besproken."
                ),
                "principles": (
                    "Eerst het waarom, dan het wat\n"
                    "Een visie die het team zelf schreef, wordt ook gedragen\n"
                    "Activiteiten volgen uit doelen, niet andersom"
                ),
                "tips": (
                    "Begin met de vraag wat een leerling na zes jaar moet kunnen\n"
                    "Laat leerlingen en ouders meelezen\n"
                    "Houd het kort: wat niet op één A4 past, leest niemand"
                ),
                "themes": ["visie-en-doelen", "beleid", "draagvlak-en-leiderschap"],
                "types": ["vmbo-k", "vmbo-g", "vmbo-t", "havo"],
            },
            {
                "title": "Loopbaanlijn van klas 1 tot het examenjaar",
                "region": "Utrecht",
                "summary": "Een doorlopende lijn met per leerjaar één centrale loopbaanvraag en vaste activiteiten in "
                           "mentorlessen en projectweken.",
                "description": (
                    "Elk leerjaar heeft een centrale vraag: wie ben ik (klas 1), wat kan ik (klas 2), wat wil ik "
                    "(klas 3), hoe kom ik daar (klas 4). De mentorlessen, de projectweek en de stage zijn rond die "
                    "vraag gebouwd.\n\n"
                    "Zo weten leerlingen, ouders en docenten waar een leerling staat en wat er nog komt. De decaan "
                    "bewaakt de lijn en past die jaarlijks aan."
                ),
                "principles": (
                    "Eén centrale loopbaanvraag per leerjaar\n"
                    "Vaste momenten in het rooster voor LOB\n"
                    "Elk jaar bouwt voort op het vorige"
                ),
                "tips": (
                    "Maak de lijn zichtbaar op één poster\n"
                    "Laat leerlingen aan het eind van elk jaar hun antwoord op de vraag opschrijven\n"
                    "Bespreek de lijn met het mbo en hbo in de regio"
                ),
                "themes": ["vorm-in-curriculum", "inhoud-van-lob", "lob-werkplan"],
                "types": ["vmbo-k", "vmbo-g", "vmbo-t", "havo"],
            },
        ],
    },
    {
        "brin": "81GC", "name": "Geulstroom College", "city": "Maastricht", "province": "LI",
        "street": "Geulstraat 17", "postcode": "6211 GM", "denomination": "Rooms-Katholiek",
        "types": VMBO + ["havo", "vwo"],
        "contact": ("l.janssen@example.org", "Luc", "Janssen"),
        "introduction": "Brede school in Maastricht waar de schoolleiding het LOB-beleid trekt.",
        "practices": [
            {
                "title": "Schoolleiding als trekker van LOB",
                "region": "Zuid-Limburg",
                "summary": "Een directielid is portefeuillehouder LOB, zit de LOB-werkgroep voor en legt elk jaar "
                           "verantwoording af aan de medezeggenschapsraad.",
                "description": (
                    "LOB bleef bij ons lang een zaak van de decanen. Sinds een directielid portefeuillehouder is, "
                    "heeft LOB een vaste plek op de agenda van de schoolleiding, een eigen budget en jaarlijks een "
                    "verantwoording in de medezeggenschapsraad.\n\n"
                    "De portefeuillehouder zit de werkgroep voor, bezoekt LOB-activiteiten en bespreekt LOB in de "
                    "gesprekken met teamleiders. Het beleid is vastgelegd in het schoolplan."
                ),
                "principles": (
                    "LOB is een verantwoordelijkheid van de hele school, eindverantwoordelijk is de schoolleiding\n"
                    "Beleid, budget en tijd horen bij elkaar\n"
                    "Jaarlijkse verantwoording houdt het levend"
                ),
                "tips": (
                    "Geef de portefeuillehouder ook echt tijd voor LOB\n"
                    "Zet LOB in het schoolplan en in de teamplannen\n"
                    "Laat de schoolleiding activiteiten bezoeken, niet alleen openen"
                ),
                "themes": ["draagvlak-en-leiderschap", "beleid", "visie-en-doelen"],
                "types": VMBO + ["havo", "vwo"],
            },
        ],
    },
    {
        "brin": "86KR", "name": "Scholengemeenschap De Kreekrug", "city": "Goes", "province": "ZE",
        "street": "Kreekweg 9", "postcode": "4461 KR", "denomination": "Algemeen bijzonder",
        "types": ["vmbo-b", "vmbo-k", "vmbo-t", "havo"],
        "contact": ("j.verburg@example.org", "Jolien", "Verburg"),
        "introduction": "School in Goes met een beroepenroute langs werkgevers in de regio.",
        "practices": [
            {
                "title": "Beroepenroute met Zeeuwse werkgevers",
                "region": "Zeeland",
                "summary": "Leerlingen fietsen in klas 2 een route langs zes bedrijven en instellingen in de buurt en "
                           "doen op elke plek een opdracht.",
                "description": (
                    "Zeeuwse werkgevers zoeken jongeren, en jongeren weten vaak niet welk werk er in hun eigen regio "
                    "is. De beroepenroute brengt ze bij elkaar: in groepjes bezoeken leerlingen op één dag zes "
                    "bedrijven, van de haven tot de zorg. Op elke plek voeren ze een korte opdracht uit.\n\n"
                    "De route is opgezet met de ondernemersvereniging en het mbo. In de weken erna kiezen leerlingen "
                    "één bedrijf voor een snuffelstage."
                ),
                "principles": (
                    "Het werk in de eigen regio leren kennen\n"
                    "Doen in plaats van luisteren\n"
                    "Samen met ondernemers en mbo opgezet"
                ),
                "tips": (
                    "Vraag de ondernemersvereniging om de bedrijven te werven\n"
                    "Laat bedrijven een opdracht van een kwartier bedenken\n"
                    "Sluit af met een presentatie voor ouders"
                ),
                "themes": ["externe-partijen", "krachtige-leeromgeving"],
                "types": ["vmbo-b", "vmbo-k", "vmbo-t", "havo"],
            },
        ],
    },
    {
        "brin": "93ZP", "name": "Scholengemeenschap Het Zaanpad", "city": "Zaandam", "province": "NH",
        "street": "Zaanpad 2", "postcode": "1506 ZP", "denomination": "Openbaar", "types": VMBO,
        "contact": ("d.koster@example.org", "Dennis", "Koster"),
        "introduction": "Vmbo-school in de Zaanstreek met een warme overdracht naar het mbo.",
        "practices": [
            {
                "title": "Warme overdracht vmbo–mbo",
                "region": "Zaanstreek",
                "summary": "Mentor, leerling en mbo-coach bespreken samen de overstap, zodat geen leerling tussen "
                           "wal en schip valt.",
                "description": (
                    "Te veel leerlingen stopten in het eerste jaar van het mbo. Nu heeft elke examenleerling in het "
                    "voorjaar een overdrachtsgesprek met zijn mentor en een coach van de mbo-opleiding. Ze bespreken "
                    "de keuze, de sterke punten en wat de leerling nodig heeft.\n\n"
                    "Bij twijfel over de keuze of het niveau adviseert de decaan. In oktober belt de mentor de oud-"
                    "leerling nog één keer: hoe gaat het?"
                ),
                "principles": (
                    "De overstap is een gedeelde verantwoordelijkheid van vmbo en mbo\n"
                    "De leerling is bij elk gesprek over hem aanwezig\n"
                    "Advies over keuze en niveau komt van het team, het besluit van leerling en ouders"
                ),
                "tips": (
                    "Maak vaste afspraken met de twee grootste mbo-scholen in de regio\n"
                    "Plan de gesprekken voor de aanmelddeadline van het mbo\n"
                    "Houd bij hoeveel leerlingen na een jaar nog op hun opleiding zitten"
                ),
                "themes": ["determinatie-en-advisering", "externe-partijen", "rollen-en-taken"],
                "types": VMBO,
            },
        ],
    },
]

# --- External advisers ----------------------------------------------------------------------------------------------

ADVISERS = [
    {
        "email": LOGINS["adviser"][0], "first": LOGINS["adviser"][2], "last": LOGINS["adviser"][3],
        "expertise": ["externe-partijen", "vorm-in-curriculum", "lob-werkplan", "inhoud-van-lob"],
        "provinces": ["NB", "LI", "ZE", "GE", "UT"],
        "bio": "Zelfstandig adviseur LOB en veranderkunde, daarvoor twaalf jaar decaan in het vmbo.",
    },
    {
        "email": "h.mulder@example.org", "first": "Henk", "last": "Mulder",
        "expertise": ["professionalisering", "rollen-en-taken", "draagvlak-en-leiderschap"],
        "provinces": ["ZH", "UT", "NH"],
        "bio": "Trainer loopbaangesprekken en begeleider van schoolteams bij veranderingen.",
    },
    {
        "email": "s.bakker@example.org", "first": "Saskia", "last": "Bakker",
        "expertise": ["ouders-en-verzorgers", "determinatie-en-advisering", "visie-en-doelen"],
        "provinces": ["GR", "FR", "DR"],
        "bio": "Onderwijsadviseur met ouderbetrokkenheid en studiekeuze als specialisme.",
    },
    {
        "email": "a.benali@example.org", "first": "Ahmed", "last": "Benali",
        "expertise": ["krachtige-leeromgeving", "externe-partijen", "beleid"],
        "provinces": ["NH", "FL", "UT"],
        "bio": "Bouwt samenwerkingen tussen scholen en bedrijven; oud-teamleider praktijkonderwijs.",
    },
    {
        "email": "t.post@example.org", "first": "Trudy", "last": "Post",
        "expertise": ["visie-en-doelen", "beleid", "draagvlak-en-leiderschap", "professionalisering"],
        "provinces": ["OV", "GE", "DR"],
        "bio": "Begeleidt schoolleiders bij het ontwikkelen en borgen van LOB-beleid.",
    },
    {
        "email": "j.degraaf@example.org", "first": "Joost", "last": "de Graaf",
        "expertise": ["inhoud-van-lob", "determinatie-en-advisering", "lob-werkplan"],
        "provinces": ["ZH", "ZE", "NB"],
        "bio": "Voormalig decaan havo/vwo, nu adviseur doorlopende leerlijnen LOB.",
        "ties": ["23HV"],  # used to work at Hofvliet College: never matched with it
    },
]

# --- Partner schools --------------------------------------------------------------------------------------------------
# state: "draft" / "submitted" / None (no application in the current tranche); prefs: indexes in the flat list of
# practices (ambassador by ambassador), ranked.

PARTNERS = [
    {"brin": "11VB", "name": "Scholengemeenschap De Vliedberg", "city": "Tilburg", "province": "NB",
     "types": VMBO + ["havo"], "domain": "vliedberg", "denomination": "Rooms-Katholiek",
     "contact": (LOGINS["school"][0], LOGINS["school"][2], LOGINS["school"][3]), "state": "draft", "prefs": [0, 6]},
    {"brin": "12BD", "name": "Beekdal College", "city": "Ede", "province": "GE", "types": ["vmbo-t", "havo", "vwo"],
     "domain": "beekdal", "contact": ("w.vermeulen@beekdal.example.org", "Wendy", "Vermeulen"), "state": "draft",
     "prefs": [6]},
    {"brin": "13TW", "name": "Lyceum Ter Weide", "city": "Amersfoort", "province": "UT", "types": ["havo", "vwo"],
     "domain": "terweide", "contact": ("r.hermans@terweide.example.org", "Ruben", "Hermans"), "state": "draft",
     "prefs": []},
    {"brin": "14PL", "name": "Polderland College", "city": "Lelystad", "province": "FL", "types": VMBO,
     "domain": "polderland", "contact": ("n.schouten@polderland.example.org", "Nadia", "Schouten"),
     "state": "draft", "prefs": [14, 1]},
    {"brin": "15WW", "name": "Praktijkschool De Wegwijzer", "city": "Rotterdam", "province": "ZH", "types": ["pro"],
     "domain": "wegwijzer", "contact": ("k.vandenbroek@wegwijzer.example.org", "Kees", "van den Broek"),
     "state": "submitted", "prefs": [5, 13]},
    {"brin": "16HS", "name": "Havenstad College", "city": "Rotterdam", "province": "ZH",
     "types": ["vmbo-k", "vmbo-g", "vmbo-t"], "domain": "havenstad",
     "contact": ("s.yilmaz@havenstad.example.org", "Selin", "Yilmaz"), "state": "submitted", "prefs": [14, 0, 13]},
    {"brin": "18DZ", "name": "Scholengemeenschap Duinzicht", "city": "Den Helder", "province": "NH",
     "types": VMBO + ["havo"], "domain": "duinzicht", "contact": ("m.zwart@duinzicht.example.org", "Maarten", "Zwart"),
     "state": "submitted", "prefs": [9, 14]},
    {"brin": "19AL", "name": "Amstelveld Lyceum", "city": "Amsterdam", "province": "NH", "types": ["havo", "vwo"],
     "domain": "amstelveld", "contact": ("e.ridder@amstelveld.example.org", "Eva", "de Ridder"),
     "state": "submitted", "prefs": [2, 4, 10]},
    {"brin": "20TP", "name": "Twentepoort College", "city": "Hengelo", "province": "OV",
     "types": ["vmbo-b", "vmbo-k", "vmbo-t", "havo"], "domain": "twentepoort",
     "contact": ("g.oude@twentepoort.example.org", "Gert", "Oude Wesselink"), "state": "submitted", "prefs": [5, 7]},
    {"brin": "22RD", "name": "Reestdal College", "city": "Meppel", "province": "DR", "types": VMBO + ["havo", "vwo"],
     "domain": "reestdal", "contact": ("h.veenstra@reestdal.example.org", "Hilde", "Veenstra"),
     "state": "submitted", "prefs": [11, 12]},
    {"brin": "24DA", "name": "Drentse Aa College", "city": "Assen", "province": "DR", "types": ["havo", "vwo"],
     "domain": "drentseaa", "contact": ("b.lubbers@drentseaa.example.org", "Bert", "Lubbers"),
     "state": "submitted", "prefs": [10, 5, 3]},
    {"brin": "25WK", "name": "Waddenkust College", "city": "Harlingen", "province": "FR", "types": VMBO,
     "domain": "waddenkust", "contact": ("a.hoekstra@waddenkust.example.org", "Anke", "Hoekstra"),
     "state": "submitted", "prefs": [1, 0]},
    {"brin": "26EK", "name": "Eemskanaal College", "city": "Groningen", "province": "GR",
     "types": ["vmbo-g", "vmbo-t", "havo"], "domain": "eemskanaal",
     "contact": ("j.wiersma@eemskanaal.example.org", "Jelle", "Wiersma"), "state": "submitted", "prefs": [4]},
    {"brin": "27PH", "name": "Lyceum De Peelhorst", "city": "Helmond", "province": "NB", "types": ["havo", "vwo"],
     "domain": "peelhorst", "contact": ("i.vanrooij@peelhorst.example.org", "Inge", "van Rooij"),
     "state": "submitted", "prefs": [3, 12, 8]},
    {"brin": "28MO", "name": "Maasoever Scholengemeenschap", "city": "Venlo", "province": "LI",
     "types": VMBO + ["havo"], "domain": "maasoever", "contact": ("t.peeters@maasoever.example.org", "Tom", "Peeters"),
     "state": "submitted", "prefs": [12, 8]},
    {"brin": "29HL", "name": "Heuvelland Lyceum", "city": "Heerlen", "province": "LI", "types": ["havo", "vwo"],
     "domain": "heuvelland", "contact": ("m.lemmens@heuvelland.example.org", "Mieke", "Lemmens"),
     "state": "submitted", "prefs": [7, 9, 11]},
    {"brin": "32ND", "name": "Scholengemeenschap Nolledijk", "city": "Vlissingen", "province": "ZE",
     "types": ["vmbo-b", "vmbo-k", "vmbo-t"], "domain": "nolledijk",
     "contact": ("p.devisser@nolledijk.example.org", "Paul", "de Visser"), "state": None, "prefs": []},
    {"brin": "33BH", "name": "Betuwehof College", "city": "Tiel", "province": "GE", "types": VMBO + ["havo"],
     "domain": "betuwehof", "contact": ("l.vanwijk@betuwehof.example.org", "Lotte", "van Wijk"), "state": None,
     "prefs": []},
    {"brin": "34VZ", "name": "Vechtzicht Lyceum", "city": "Utrecht", "province": "UT", "types": ["havo", "vwo"],
     "domain": "vechtzicht", "contact": ("d.bosman@vechtzicht.example.org", "Dirk", "Bosman"), "state": None,
     "prefs": []},
    {"brin": "35GH", "name": "Scholengemeenschap Het Grachtenhof", "city": "Leiden", "province": "ZH",
     "types": ["vmbo-t", "havo", "vwo"], "domain": "grachtenhof",
     "contact": ("f.kuiper@grachtenhof.example.org", "Fleur", "Kuiper"), "state": None, "prefs": []},
]

# Trajectories of the earlier tranche 1 (sessions still running), so advisers, schools and finance have work.
# partner: index in PARTNERS; practice: index in the flat list of practices; adviser: index in ADVISERS.
# held_sessions: guided sessions held and logged; claim: how far the school's claim got (None: not submitted; the
# claim itself exists from the first log on, computed from the logs); outcome of a completed trajectory:
# "implemented" or "plan" (an implementation plan uploaded as PDF).
PAST_TRAJECTORIES = [
    {"partner": 16, "practice": 13, "adviser": 0, "members": 7, "held_sessions": 3, "closing": "held",
     "status": "completed", "outcome": "implemented", "claim": "approved", "unlogged_session": None},
    {"partner": 17, "practice": 6, "adviser": 0, "members": 5, "held_sessions": 3, "closing": "planned",
     "status": "published", "claim": "submitted", "unlogged_session": None},
    {"partner": 0, "practice": 0, "adviser": 5, "members": 5, "held_sessions": 3, "closing": "planned",
     "status": "published", "claim": "draft", "unlogged_session": None},
    {"partner": 18, "practice": 10, "adviser": 0, "members": 6, "held_sessions": 1, "closing": None,
     "status": "published", "claim": None, "unlogged_session": 2},
    {"partner": 19, "practice": 3, "adviser": 1, "members": 6, "held_sessions": 3, "closing": "held",
     "status": "completed", "outcome": "plan", "claim": "paid", "unlogged_session": None},
]

FIRST_NAMES = [
    "Anouk", "Bram", "Charlotte", "Daan", "Esther", "Frank", "Gerda", "Hugo", "Iris", "Jeroen", "Karin", "Lars",
    "Mirjam", "Niels", "Olga", "Pieter", "Rianne", "Sander", "Tessa", "Ward", "Yvonne", "Zeynep", "Mohamed",
    "Fatima", "Koen",
]
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok",
]
MEMBER_ROLES = ["decaan", "mentor leerjaar 3", "docent Nederlands", "teamleider bovenbouw", "docent economie",
                "mentor leerjaar 2", "zorgcoördinator", "docent techniek"]

LOB_SITUATIONS = [
    "LOB hangt nu vooral af van de decaan en een paar enthousiaste mentoren. Activiteiten zijn er genoeg, "
    "maar ze hangen niet met elkaar samen.",
    "We hebben een LOB-methode, maar leerlingen en mentoren ervaren die als invuloefening. Ouders zijn nauwelijks "
    "betrokken.",
    "De school heeft recent een nieuw schoolplan; LOB staat erin, maar is nog niet uitgewerkt in een werkplan.",
    "Veel leerlingen stromen uit naar het mbo; de overstap verloopt niet altijd goed en we horen weinig terug.",
    "Mentoren voeren loopbaangesprekken, maar voelen zich daar niet altijd toegerust voor.",
]
AMBITIONS = [
    "Over twee jaar heeft elke leerling een loopbaandossier waarmee hij zich op het vervolgonderwijs kan presenteren.",
    "Een doorlopende leerlijn LOB van klas 1 tot het examenjaar die door het hele team wordt gedragen.",
    "Ouders als vaste gesprekspartner bij elke belangrijke keuze van hun kind.",
    "Een LOB-werkplan per leerjaar, met duidelijke rollen voor mentor en decaan.",
    "Structurele samenwerking met werkgevers en het mbo in onze regio.",
]
