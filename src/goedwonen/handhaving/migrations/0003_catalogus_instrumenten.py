"""The first version of every enforcement instrument of the catalogue (issue 13, point 1).

Legal facts from docs/reference/juridisch-kader.md (section 1.6, 3.1, 4); where that document
marks an article as not confirmed ([K]), the version's `bron` says so: a jurist checks it and
makes a new version. Letter texts are Django templates over `brief` (see
goedwonen.handhaving.catalogus.VOORBEELD_BRIEF for the placeholders). Terms are defaults a
jurist changes per instrument without a release.
"""

from datetime import date

from django.db import migrations

COLLEGE = "het college van burgemeester en wethouders"
BURGEMEESTER = "de burgemeester"
MANDAAT_COLLEGE = (
    "Namens het college: het hoofd van de afdeling Toezicht en Handhaving Wonen "
    "(mandaatbesluit van de gemeente)"
)
MANDAAT_BURGEMEESTER = (
    "Namens de burgemeester: het hoofd van de afdeling Openbare Orde en Veiligheid "
    "(mandaatbesluit van de gemeente)"
)
REDEN = (
    "Eerste versie, gevuld uit het juridisch kader van het project. Controleer artikelen die "
    "daar als niet bevestigd staan voordat de eerste brief uitgaat."
)

ADRES = '{{ brief.adressen|join:", " }}'
TOT = "{{ brief.termijn_tot }}"
GRONDSLAG = "{{ brief.instrument.artikel }} van de {{ brief.instrument.regeling }}"
GEVONDEN = f"Bij een controle van {ADRES} hebben wij het volgende vastgesteld:\n\n{{{{ brief.aanleiding }}}}"
# What the addressee must do: the measure when the procedure names it, else the general duty.
LAST = (
    "{% if brief.last %}: {{ brief.last }}{% else %}. De last houdt in dat u de overtreding "
    "beëindigt en beëindigd houdt.{% endif %}"
)
HERCONTROLE = "{% if brief.hercontrole.datum %} op {{ brief.hercontrole.datum }}{% endif %}"
ZIENSWIJZE = (
    "Voordat wij een besluit nemen, mag u zeggen wat u van dit voornemen vindt (uw "
    f"zienswijze). Dat kan schriftelijk of mondeling, tot en met {TOT}. Vermeld daarbij ons "
    "kenmerk {{ brief.kenmerk }}."
)
BEZWAAR = (
    "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop deze "
    "brief is verzonden bezwaar maken bij {{ brief.instrument.bevoegd_orgaan }}. Vermeld in uw "
    "bezwaarschrift uw naam en adres, de datum, ons kenmerk {{ brief.kenmerk }} en waarom u "
    "het niet eens bent met het besluit, en onderteken het. Een bezwaar schort de werking van "
    "dit besluit niet op. Is de zaak spoedeisend, dan kunt u de voorzieningenrechter van de "
    "rechtbank vragen om een voorlopige voorziening."
)
BETALEN = (
    f"Wij verzoeken u het bedrag van {{{{ brief.bedrag }}}} uiterlijk op {TOT} te betalen, "
    "onder vermelding van ons kenmerk {{ brief.kenmerk }}. Betaalt u niet op tijd, dan kunnen "
    "wij het bedrag met kosten bij u invorderen."
)
AFSLUITING = (
    f"Bij de hercontrole{HERCONTROLE} van {ADRES} hebben wij vastgesteld dat de overtreding "
    "is beëindigd. "
    "Wij sluiten de handhaving met kenmerk {{ brief.kenmerk }} daarom af.\n\nWij wijzen u "
    "erop dat wij bij een nieuwe overtreding opnieuw handhavend optreden."
)


def stap(soort, naam, termijn, uitvoerder, titel=None, *alineas):
    return {
        "soort": soort,
        "naam": naam,
        "termijn_dagen": termijn,
        "uitvoerder": uitvoerder,
        "brief": {"titel": titel, "tekst": "\n\n".join(alineas)} if titel else None,
    }


def zienswijze():
    return stap("zienswijze", "Zienswijze", None, "jurist")


def hercontrole(termijn=7):
    return stap("hercontrole", "Hercontrole", termijn, "toezichthouder")


def afsluiting():
    return stap("afsluiting", "Afsluiting", None, "jurist", "Afsluiting handhaving", AFSLUITING)


def bezwaar():
    return stap("bezwaar", "Bezwaar", 42, "jurist")


def sluiting_stappen(reden_sluiting):
    return [
        stap(
            "voornemen",
            "Voornemen tot sluiting",
            7,
            "jurist",
            "Voornemen tot sluiting van de woning",
            GEVONDEN,
            f"{reden_sluiting} Op grond van {GRONDSLAG} is {{{{ brief.instrument.bevoegd_orgaan }}}} "
            f"daarom van plan {ADRES} te sluiten. Hoe lang de sluiting duurt, volgt uit het "
            "beleid en staat in het besluit.",
            ZIENSWIJZE,
        ),
        zienswijze(),
        stap(
            "besluit",
            "Besluit tot sluiting",
            14,
            "jurist",
            "Besluit tot sluiting van de woning",
            GEVONDEN,
            f"{reden_sluiting} Op grond van {GRONDSLAG} heeft "
            f"{{{{ brief.instrument.bevoegd_orgaan }}}} besloten {ADRES} te sluiten. U moet de "
            f"woning uiterlijk op {TOT} hebben verlaten en ontruimd. Doet u dat niet, dan sluiten "
            "wij de woning zelf, op uw kosten.",
            BEZWAAR,
        ),
        stap(
            "uitvoering",
            "Sluiting",
            91,
            "toezichthouder",
            "Mededeling sluiting",
            f"Vandaag is {ADRES} gesloten op grond van {GRONDSLAG}. De sluiting duurt tot en met "
            f"{TOT}. Het is verboden de gesloten woning zonder onze toestemming te betreden of "
            "de verzegeling te verbreken.",
            "Na afloop kunt u vragen om heropening. Wij beoordelen dan of de woning weer "
            "veilig in gebruik kan worden genomen.",
        ),
        stap(
            "heropening",
            "Verzoek om heropening",
            56,
            "jurist",
            "Besluit op uw verzoek om heropening",
            f"U heeft gevraagd om {ADRES} te heropenen. {{{{ brief.instrument.bevoegd_orgaan|capfirst }}}} "
            "heeft op uw verzoek besloten{% if brief.uitkomst %}: {{ brief.uitkomst }}{% else %} "
            f"de woning te heropenen met ingang van {TOT}, mits u zich houdt aan de afspraken "
            "die wij met u hebben gemaakt.{% endif %}",
            BEZWAAR,
        ),
        afsluiting(),
    ]


def last_stappen(soort_last, gevolg):
    """Intention, opinion, decision with a grace period, re-inspection; the rest differs."""
    return [
        stap(
            "voornemen",
            "Voornemen",
            14,
            "jurist",
            f"Voornemen tot het opleggen van een {soort_last}",
            GEVONDEN,
            f"Op grond van {GRONDSLAG} is {{{{ brief.instrument.bevoegd_orgaan }}}} van plan u "
            f"een {soort_last} op te leggen{LAST}",
            gevolg,
            ZIENSWIJZE,
        ),
        zienswijze(),
        stap(
            "besluit",
            "Besluit",
            28,
            "jurist",
            f"Besluit {soort_last}",
            GEVONDEN,
            f"Op grond van {GRONDSLAG} legt {{{{ brief.instrument.bevoegd_orgaan }}}} u een "
            f"{soort_last} op{LAST}\n\nU moet dit uiterlijk op {TOT} hebben "
            "gedaan (de begunstigingstermijn).",
            gevolg,
            BEZWAAR,
        ),
        hercontrole(),
    ]


INSTRUMENTEN = [
    {
        "code": "waarschuwing",
        "naam": "Waarschuwing",
        "registratiecode": "waarschuwing",
        "omschrijving": "Schriftelijke waarschuwing met een termijn om de overtreding te beëindigen; de eerste trede van de escalatieladder.",
        "categorieen": [],
        "versie": {
            "regeling": "Algemene wet bestuursrecht",
            "artikel": "artikel 5:1 en titel 5.2 (toezicht); beginselplicht tot handhaving",
            "regeling_versiedatum": date(2024, 1, 1),
            "bron": "Juridisch kader §1.6 (escalatieladder, volkshuisvestingnederland.nl); artikelverwijzing niet bevestigd [K]",
            "bevoegd_orgaan": COLLEGE,
            "mandaat": MANDAAT_COLLEGE,
            "stappen": [
                stap(
                    "besluit",
                    "Waarschuwing",
                    28,
                    "jurist",
                    "Waarschuwing",
                    GEVONDEN,
                    "Dit mag niet. Wij vragen u de overtreding te beëindigen."
                    "{% if brief.last %} {{ brief.last }}{% endif %}",
                    f"Doe dat uiterlijk op {TOT}. Daarna controleren wij opnieuw. Is de "
                    "overtreding dan niet beëindigd, dan kunnen wij u een last onder dwangsom of "
                    "een bestuurlijke boete opleggen.",
                ),
                hercontrole(),
                afsluiting(),
            ],
        },
    },
    {
        "code": "last-onder-dwangsom",
        "naam": "Last onder dwangsom",
        "registratiecode": "last_onder_dwangsom",
        "omschrijving": "Een last de overtreding te beëindigen; doet de overtreder dat niet binnen de begunstigingstermijn, dan verbeurt hij een dwangsom.",
        "categorieen": [],
        "versie": {
            "regeling": "Algemene wet bestuursrecht",
            "artikel": "artikel 5:32 jo. 5:31d; artikel 125 Gemeentewet",
            "regeling_versiedatum": date(2024, 1, 1),
            "bron": "Juridisch kader §4.1 (Awb 5:31d e.v.; artikelnummers niet bevestigd [K])",
            "bevoegd_orgaan": COLLEGE,
            "mandaat": MANDAAT_COLLEGE,
            "stappen": [
                *last_stappen(
                    "last onder dwangsom",
                    "Doet u dat niet binnen de termijn, dan verbeurt u een dwangsom van "
                    "{{ brief.bedrag }}{% if brief.bedrag_maximum %}, tot ten hoogste "
                    "{{ brief.bedrag_maximum }}{% endif %}.",
                ),
                stap(
                    "verbeurte",
                    "Verbeurte",
                    14,
                    "jurist",
                    "Mededeling verbeurte dwangsom",
                    f"Bij de hercontrole{HERCONTROLE} van {ADRES} hebben wij vastgesteld dat u de last met "
                    "kenmerk {{ brief.kenmerk }} niet binnen de begunstigingstermijn heeft "
                    "uitgevoerd. U heeft daardoor een dwangsom verbeurd van {{ brief.bedrag }}.",
                    "Wij gaan dit bedrag bij u invorderen. Daarover ontvangt u een aparte beschikking.",
                ),
                stap(
                    "invordering",
                    "Invordering",
                    42,
                    "jurist",
                    "Invorderingsbeschikking dwangsom",
                    "U heeft de dwangsom met kenmerk {{ brief.kenmerk }} verbeurd. "
                    "Op grond van artikel 5:37 van de Algemene wet bestuursrecht vorderen wij "
                    "het verbeurde bedrag bij u in.",
                    BETALEN,
                    BEZWAAR,
                ),
                bezwaar(),
                afsluiting(),
            ],
        },
    },
    {
        "code": "last-onder-bestuursdwang",
        "naam": "Last onder bestuursdwang",
        "registratiecode": "last_onder_bestuursdwang",
        "omschrijving": "Een last de overtreding te beëindigen; doet de overtreder dat niet, dan doet de gemeente het zelf op zijn kosten.",
        "categorieen": [],
        "versie": {
            "regeling": "Algemene wet bestuursrecht",
            "artikel": "artikel 5:21 e.v.; artikel 125 Gemeentewet",
            "regeling_versiedatum": date(2024, 1, 1),
            "bron": "Juridisch kader §4.1 (Awb 5:21 e.v.; artikelnummers niet bevestigd [K])",
            "bevoegd_orgaan": COLLEGE,
            "mandaat": MANDAAT_COLLEGE,
            "stappen": [
                *last_stappen(
                    "last onder bestuursdwang",
                    "Doet u dat niet binnen de termijn, dan voeren wij de last zelf uit. De "
                    "kosten daarvan, nu geschat op {{ brief.bedrag }}, komen voor uw rekening.",
                ),
                stap(
                    "uitvoering",
                    "Uitvoering bestuursdwang",
                    14,
                    "toezichthouder",
                    "Aankondiging uitvoering bestuursdwang",
                    f"Bij de hercontrole{HERCONTROLE} van {ADRES} hebben wij vastgesteld dat u de last met "
                    "kenmerk {{ brief.kenmerk }} niet heeft uitgevoerd. Wij voeren de last daarom "
                    f"zelf uit, vanaf {TOT}."
                    "{% if brief.last %} {{ brief.last }}{% endif %}",
                    "De kosten komen voor uw rekening; daarover ontvangt u een aparte beschikking.",
                ),
                stap(
                    "invordering",
                    "Kostenverhaal",
                    42,
                    "jurist",
                    "Beschikking kosten bestuursdwang",
                    "Wij hebben de last met kenmerk {{ brief.kenmerk }} zelf uitgevoerd. Op grond "
                    "van artikel 5:25 van de Algemene wet bestuursrecht komen de kosten, "
                    "{{ brief.bedrag }}, voor uw rekening.",
                    BETALEN,
                    BEZWAAR,
                ),
                bezwaar(),
                afsluiting(),
            ],
        },
    },
    *[
        {
            "code": code,
            "naam": naam,
            "registratiecode": "bestuurlijke_boete",
            "omschrijving": omschrijving,
            "categorieen": categorieen,
            "versie": {
                "regeling": regeling,
                "artikel": artikel,
                "regeling_versiedatum": versiedatum,
                "bron": bron,
                "bevoegd_orgaan": COLLEGE,
                "mandaat": MANDAAT_COLLEGE,
                "stappen": [
                    stap(
                        "voornemen",
                        "Voornemen",
                        14,
                        "jurist",
                        "Voornemen tot het opleggen van een bestuurlijke boete",
                        GEVONDEN,
                        f"Dat is een overtreding van de {{{{ brief.instrument.regeling }}}}. Op "
                        f"grond van {GRONDSLAG} is {{{{ brief.instrument.bevoegd_orgaan }}}} van "
                        "plan u een bestuurlijke boete op te leggen van {{ brief.bedrag }}. "
                        "Het bedrag volgt uit het boetebeleid van de gemeente.",
                        ZIENSWIJZE,
                    ),
                    zienswijze(),
                    stap(
                        "besluit",
                        "Boetebeschikking",
                        42,
                        "jurist",
                        "Besluit bestuurlijke boete",
                        GEVONDEN,
                        f"Op grond van {GRONDSLAG} legt {{{{ brief.instrument.bevoegd_orgaan }}}} "
                        "u een bestuurlijke boete op van {{ brief.bedrag }}.",
                        BETALEN,
                        BEZWAAR,
                    ),
                    bezwaar(),
                    stap(
                        "invordering",
                        "Invordering",
                        42,
                        "jurist",
                        "Aanmaning bestuurlijke boete",
                        "U heeft de bestuurlijke boete met kenmerk {{ brief.kenmerk }} nog niet "
                        "betaald.",
                        BETALEN,
                    ),
                    afsluiting(),
                ],
            },
        }
        for code, naam, omschrijving, categorieen, regeling, artikel, versiedatum, bron in (
            (
                "bestuurlijke-boete-wgv",
                "Bestuurlijke boete Wet goed verhuurderschap",
                "Boete voor een overtreding van de algemene regels voor verhuurders (art. 2 en 3 Wgv) of van de verhuurvergunning; hoger bij een tweede overtreding binnen vier jaar.",
                [
                    "te_hoge_huur",
                    "huurcontract_werk",
                    "verhuur_zonder_vergunning",
                    "wgv_overig",
                ],
                "Wet goed verhuurderschap",
                "artikel 19",
                date(2023, 7, 1),
                "Stb. 2023, 103; juridisch kader §1.6 (boetemaxima art. 19 Wgv, mondaq 2024)",
            ),
            (
                "bestuurlijke-boete-hvw",
                "Bestuurlijke boete Huisvestingswet",
                "Boete voor woonruimte in gebruik geven zonder huisvestingsvergunning, onttrekken, omzetten of woningvorming zonder vergunning.",
                ["kamerverhuur", "overbewoning", "woonfraude"],
                "Huisvestingswet 2014",
                "artikel 35",
                date(2022, 1, 1),
                "Juridisch kader §3.1; Beleidsregels bestuurlijke boete Huisvestingswet Rotterdam 2018 (gmb-2018-67592); maximum per categorie niet bevestigd [K]",
            ),
        )
    ],
    {
        "code": "beheerovername",
        "naam": "Beheerovername",
        "registratiecode": "beheerovername",
        "omschrijving": "Ultimum remedium: een beheerder neemt het beheer van de woning over, na twee boetes binnen vier jaar en een nieuwe overtreding, of na weigering of intrekking van de verhuurvergunning.",
        "categorieen": [],
        "versie": {
            "regeling": "Wet goed verhuurderschap",
            "artikel": "artikel 13 en 14",
            "regeling_versiedatum": date(2023, 7, 1),
            "bron": "Stb. 2023, 103; juridisch kader §1.6 (ijzeradvocaten.nl); artikelen en maximale duur niet bevestigd [K]",
            "bevoegd_orgaan": COLLEGE,
            "mandaat": MANDAAT_COLLEGE,
            "stappen": [
                stap(
                    "voornemen",
                    "Voornemen tot beheerovername",
                    14,
                    "jurist",
                    "Voornemen tot beheerovername",
                    GEVONDEN,
                    f"Op grond van {GRONDSLAG} is {{{{ brief.instrument.bevoegd_orgaan }}}} van "
                    f"plan het beheer van {ADRES} over te nemen. Een beheerder gaat dan de huur "
                    "innen, de woning verhuren en onderhouden; u mag dat zolang niet meer zelf doen.",
                    ZIENSWIJZE,
                ),
                zienswijze(),
                stap(
                    "besluit",
                    "Besluit beheerovername",
                    28,
                    "jurist",
                    "Besluit beheerovername",
                    GEVONDEN,
                    f"Op grond van {GRONDSLAG} heeft {{{{ brief.instrument.bevoegd_orgaan }}}} "
                    f"besloten het beheer van {ADRES} over te nemen met ingang van {TOT}.",
                    BEZWAAR,
                ),
                stap(
                    "uitvoering",
                    "Beheer",
                    182,
                    "casusregisseur",
                    "Mededeling start beheer",
                    f"Vanaf vandaag beheert de door ons aangewezen beheerder {ADRES}. Wij "
                    f"beoordelen het beheer opnieuw op {TOT}.",
                ),
                bezwaar(),
                afsluiting(),
            ],
        },
    },
    {
        "code": "sluiting-opiumwet-13b",
        "naam": "Sluiting Opiumwet artikel 13b",
        "registratiecode": "sluiting",
        "omschrijving": "Sluiting van een woning of lokaal waar drugs worden verkocht, afgeleverd, verstrekt of aanwezig zijn, of voorbereidingshandelingen plaatsvinden; met verzoek om heropening.",
        "categorieen": ["crimineel_gebruik", "ondermijning"],
        "versie": {
            "regeling": "Opiumwet",
            "artikel": "artikel 13b",
            "regeling_versiedatum": date(2019, 1, 1),
            "bron": "Juridisch kader §4.3 (burgemeesters.nl/bevoegdheden/Opiumwet); sluitingsduur volgt uit het Damoclesbeleid",
            "bevoegd_orgaan": BURGEMEESTER,
            "mandaat": MANDAAT_BURGEMEESTER,
            "stappen": sluiting_stappen(
                "In de woning zijn middelen van lijst I of II aangetroffen, of voorwerpen voor "
                "voorbereidingshandelingen."
            ),
        },
    },
    {
        "code": "sluiting-gemeentewet-174a",
        "naam": "Sluiting Gemeentewet artikel 174a",
        "registratiecode": "sluiting",
        "omschrijving": "Sluiting van een woning waar gedragingen de openbare orde rond de woning verstoren; met verzoek om heropening.",
        "categorieen": ["woonoverlast", "crimineel_gebruik"],
        "versie": {
            "regeling": "Gemeentewet",
            "artikel": "artikel 174a",
            "regeling_versiedatum": date(2024, 1, 1),
            "bron": "Juridisch kader §4.4; tekst van het artikel niet bevestigd [K]",
            "bevoegd_orgaan": BURGEMEESTER,
            "mandaat": MANDAAT_BURGEMEESTER,
            "stappen": sluiting_stappen(
                "Door gedragingen in de woning is de openbare orde rond de woning verstoord."
            ),
        },
    },
    {
        "code": "verhuurvergunning-weigeren-intrekken",
        "naam": "Verhuurvergunning weigeren of intrekken",
        "registratiecode": "",
        "omschrijving": "Weigeren of intrekken van een verhuurvergunning (Wgv, verhuurverordening), ook na een Bibob-toets.",
        "categorieen": ["verhuur_zonder_vergunning", "wgv_overig", "ondermijning"],
        "versie": {
            "regeling": "Wet goed verhuurderschap",
            "artikel": "artikel 5 e.v.; Verhuurverordening gemeente Rotterdam 2023; artikel 3 Wet Bibob",
            "regeling_versiedatum": date(2023, 7, 1),
            "bron": "Juridisch kader §1.5 en §4.5 (CVDR698200; Wet Bibob art. 3)",
            "bevoegd_orgaan": COLLEGE,
            "mandaat": MANDAAT_COLLEGE,
            "stappen": [
                stap(
                    "voornemen",
                    "Voornemen tot intrekken",
                    14,
                    "jurist",
                    "Voornemen tot weigeren of intrekken van de verhuurvergunning",
                    GEVONDEN,
                    f"Op grond van {GRONDSLAG} is {{{{ brief.instrument.bevoegd_orgaan }}}} van "
                    f"plan de verhuurvergunning voor {ADRES} te weigeren of in te trekken.",
                    ZIENSWIJZE,
                ),
                zienswijze(),
                stap(
                    "besluit",
                    "Besluit",
                    28,
                    "jurist",
                    "Besluit verhuurvergunning",
                    GEVONDEN,
                    f"Op grond van {GRONDSLAG} heeft {{{{ brief.instrument.bevoegd_orgaan }}}} "
                    f"besloten de verhuurvergunning voor {ADRES} te weigeren of in te trekken, "
                    f"met ingang van {TOT}. Vanaf die datum mag u de woning niet verhuren.",
                    BEZWAAR,
                ),
                hercontrole(14),
                bezwaar(),
                afsluiting(),
            ],
        },
    },
    {
        "code": "brp-adresonderzoek",
        "naam": "BRP-adresonderzoek",
        "registratiecode": "",
        "omschrijving": "Onderzoek of wie op een adres staat ingeschreven er ook woont, en wie er woont zonder inschrijving; zo nodig ambtshalve wijziging.",
        "categorieen": ["niet_ingeschreven", "woonfraude", "overbewoning"],
        "versie": {
            "regeling": "Wet basisregistratie personen",
            "artikel": "artikel 1.4 jo. 2.1 e.v. (bijhouding); artikel 4.17 (bestuurlijke boete)",
            "regeling_versiedatum": date(2024, 1, 1),
            "bron": "Juridisch kader §4.6 (rvig.nl; Handreiking Adresonderzoek LAA)",
            "bevoegd_orgaan": COLLEGE,
            "mandaat": "Namens het college: het hoofd van de afdeling Burgerzaken (mandaatbesluit van de gemeente)",
            "stappen": [
                stap(
                    "onderzoek",
                    "Adresonderzoek",
                    28,
                    "toezichthouder",
                    "Aankondiging adresonderzoek",
                    f"Wij onderzoeken of de inschrijving in de Basisregistratie Personen (BRP) "
                    f"van {ADRES} klopt. Dat doen wij op grond van {GRONDSLAG}.",
                    f"Wij vragen u ons uiterlijk op {TOT} te laten weten wie er op dit adres "
                    "wonen, met vermelding van ons kenmerk {{ brief.kenmerk }}. U bent verplicht "
                    "mee te werken; wie dat niet doet, kan een bestuurlijke boete krijgen.",
                ),
                stap(
                    "voornemen",
                    "Voornemen tot wijziging",
                    14,
                    "toezichthouder",
                    "Voornemen tot wijziging van de inschrijving",
                    f"Uit ons onderzoek blijkt dat de inschrijving van {ADRES} niet klopt: "
                    "{{ brief.aanleiding }}",
                    "Wij zijn van plan de inschrijving in de BRP te wijzigen.",
                    ZIENSWIJZE,
                ),
                zienswijze(),
                stap(
                    "besluit",
                    "Besluit",
                    None,
                    "toezichthouder",
                    "Besluit wijziging inschrijving",
                    f"Op grond van {GRONDSLAG} heeft {{{{ brief.instrument.bevoegd_orgaan }}}} "
                    f"besloten de inschrijving van {ADRES} in de BRP te wijzigen"
                    "{% if brief.last %}: {{ brief.last }}{% else %}, zoals wij in ons voornemen "
                    "schreven.{% endif %}",
                    BEZWAAR,
                ),
                afsluiting(),
            ],
        },
    },
    *[
        {
            "code": code,
            "naam": naam,
            "registratiecode": code,
            "omschrijving": omschrijving,
            "categorieen": [],
            "versie": {
                "regeling": "Wet goed verhuurderschap",
                "artikel": "artikel 2 en 3 (algemene regels); handhavingsbeleid van de gemeente",
                "regeling_versiedatum": date(2023, 7, 1),
                "bron": "Issue 13 (eenjarige monitor en stopgesprek); juridisch kader §1.6",
                "bevoegd_orgaan": COLLEGE,
                "mandaat": MANDAAT_COLLEGE,
                "stappen": [
                    stap(
                        "uitnodiging",
                        "Uitnodiging",
                        14,
                        "casusregisseur",
                        f"Uitnodiging {naam.lower()}",
                        f"Wij hebben bij woningen die u verhuurt, waaronder {ADRES}, overtredingen "
                        f"vastgesteld. Wij nodigen u daarom uit voor een {naam.lower()} op {TOT}.",
                        uitleg,
                        "Laat ons uiterlijk twee werkdagen van tevoren weten of u komt, met "
                        "vermelding van ons kenmerk {{ brief.kenmerk }}.",
                    ),
                    stap(
                        "gesprek",
                        "Gesprek",
                        None,
                        "casusregisseur",
                        f"Verslag {naam.lower()}",
                        "Op {{ brief.datum_tekst }} hebben wij met u een "
                        f"{naam.lower()} gevoerd over {ADRES}.{{% if brief.uitkomst %}} In deze "
                        "brief staan de afspraken die wij hebben gemaakt:\n\n"
                        "{{ brief.uitkomst }}{% endif %}",
                        gevolg,
                    ),
                    stap("afsluiting", "Afsluiting", None, "casusregisseur"),
                ],
            },
        }
        for code, naam, omschrijving, uitleg, gevolg in (
            (
                "waarschuwingsgesprek",
                "Waarschuwingsgesprek",
                "Gesprek met een verhuurder na een overtreding; begint een jaar monitoring van al zijn woningen.",
                "In het gesprek bespreken wij wat wij hebben vastgesteld en wat wij van u "
                "verwachten als verhuurder.",
                "Wij volgen al uw woningen vanaf dit gesprek een jaar lang. Stellen wij in die "
                "periode bij een van uw woningen een nieuwe overtreding vast, dan treden wij "
                "direct handhavend op.",
            ),
            (
                "stopgesprek",
                "Stopgesprek",
                "Gesprek met een verhuurder die herhaaldelijk in overtreding is: tot hier en niet verder.",
                "Bij uw woningen zijn herhaaldelijk overtredingen vastgesteld. In het gesprek "
                "zeggen wij u wat de gevolgen zijn als dat niet stopt.",
                "Stellen wij opnieuw een overtreding vast, dan zetten wij alle middelen in die "
                "de wet ons geeft, tot en met beheerovername.",
            ),
        )
    ],
]


def create(apps, schema_editor):
    Instrument = apps.get_model("handhaving", "Instrument")
    Instrumentversie = apps.get_model("handhaving", "Instrumentversie")
    for volgorde, data in enumerate(INSTRUMENTEN, start=1):
        instrument, created = Instrument.objects.get_or_create(
            code=data["code"],
            defaults={
                "naam": data["naam"],
                "registratiecode": data["registratiecode"],
                "omschrijving": data["omschrijving"],
                "categorieen": data["categorieen"],
                "volgorde": volgorde * 10,
            },
        )
        if created:
            Instrumentversie.objects.create(
                instrument=instrument, versie=1, reden=REDEN, **data["versie"]
            )


class Migration(migrations.Migration):
    dependencies = [("handhaving", "0002_catalogus")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
