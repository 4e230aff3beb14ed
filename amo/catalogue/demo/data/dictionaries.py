"""Demo spell-checking dictionaries, with small word lists written for amo."""

from amo.catalogue.demo.schema import Artwork, DemoAddon, DemoVersion
from amo.core.constants import AddonType

DICTIONARY = AddonType.DICTIONARY

ADDONS = (
    DemoAddon(
        slug="deutsches-woerterbuch",
        guid="de-DE@dictionaries.demo.amo.test",
        type=DICTIONARY,
        default_locale="de",
        target_locale="de-DE",
        name={"de": "Deutsches Wörterbuch", "en-US": "German Dictionary"},
        summary={
            "de": "Rechtschreibprüfung für Deutsch nach der aktuellen amtlichen "
            "Regelung.",
            "en-US": "Spell checking for German, following the current official "
            "spelling rules.",
        },
        description={
            "de": "Prüft die Rechtschreibung in allen Textfeldern, mit "
            "Wortzusammensetzungen und den Schreibungen nach der Reform von 2024."
            "\n\nNach der Installation wählen Sie im Kontextmenü eines Textfelds "
            "unter „Sprachen“ den Eintrag „Deutsch (Deutschland)“.",
            "en-US": "Checks spelling in every text field, including compound "
            "words and the spellings of the 2024 reform.",
        },
        artwork=Artwork("square", "Dd", ("ffd567", "d70022", "15141a")),
        versions=(
            DemoVersion(
                "2017.1",
                "2017-05-02",
                {"de": "Erste Version.", "en-US": "First version."},
            ),
            DemoVersion(
                "2020.2",
                "2020-11-10",
                {"de": "Rund 4.000 neue Wörter.", "en-US": "About 4,000 new words."},
            ),
            DemoVersion(
                "2024.1",
                "2024-07-30",
                {"de": "Regeln von 2024.", "en-US": "The 2024 rules."},
            ),
        ),
        authors=("lukas-brenner",),
        categories=("general",),
        android_categories=("general",),
        users=318_400,
        rating=4.5,
        tags=("german", "spelling", "dictionary"),
        license="GPL-2.0-or-later",
        words=(
            "Apfel",
            "Baum",
            "Brücke",
            "Fahrrad",
            "Fenster",
            "Frühling",
            "Garten",
            "Haus",
            "Himmel",
            "Küche",
            "Lesezeichen",
            "Mädchen",
            "Regenschirm",
            "Schlüssel",
            "schön",
            "Straße",
            "Tür",
            "Wörterbuch",
            "Zeitung",
            "zusammen",
        ),
    ),
    DemoAddon(
        slug="dictionnaire-francais",
        guid="fr-FR@dictionaries.demo.amo.test",
        type=DICTIONARY,
        default_locale="fr",
        target_locale="fr-FR",
        name={"fr": "Dictionnaire français", "en-US": "French Dictionary"},
        summary={
            "fr": "Correcteur orthographique pour le français, orthographe "
            "classique et rectifiée.",
            "en-US": "Spell checker for French, with both classic and reformed "
            "spellings.",
        },
        description={
            "fr": "Vérifie l'orthographe dans tous les champs de texte. Vous "
            "pouvez choisir l'orthographe de 1990 (« nénufar », « évènement ») "
            "ou l'orthographe classique.",
            "en-US": "Checks spelling in every text field; choose the 1990 "
            "spellings or the classic ones.",
        },
        artwork=Artwork("circle", "Ff", ("0060df", "d70022", "ffffff")),
        versions=(
            DemoVersion(
                "6.0",
                "2018-03-06",
                {"fr": "Première version.", "en-US": "First version."},
            ),
            DemoVersion(
                "7.2",
                "2023-09-19",
                {
                    "fr": "Environ 2 000 mots ajoutés.",
                    "en-US": "About 2,000 words added.",
                },
            ),
        ),
        authors=("camille-roux",),
        categories=("general",),
        users=201_770,
        rating=4.4,
        tags=("french", "spelling", "dictionary"),
        license="MPL-2.0",
        words=(
            "arbre",
            "bibliothèque",
            "château",
            "crème",
            "écrire",
            "élève",
            "événement",
            "fenêtre",
            "forêt",
            "garçon",
            "hôpital",
            "maïs",
            "naïf",
            "œuvre",
            "pâtisserie",
            "rêve",
            "soirée",
            "théâtre",
        ),
    ),
    DemoAddon(
        slug="diccionario-espanol",
        guid="es-ES@dictionaries.demo.amo.test",
        type=DICTIONARY,
        default_locale="es-ES",
        target_locale="es-ES",
        name={
            "es-ES": "Diccionario de español (España)",
            "en-US": "Spanish Dictionary (Spain)",
        },
        summary={
            "es-ES": "Corrector ortográfico de español de España, con los "
            "términos más usados de la informática.",
            "en-US": "Spell checker for Spanish as written in Spain, including "
            "common computing terms.",
        },
        description="Incluye conjugaciones completas y los extranjerismos "
        "adaptados que recoge la ortografía académica.",
        artwork=Artwork("hexagon", "Ee", ("ffbd4f", "c50042", "ffffff")),
        versions=(
            DemoVersion("2.4", "2019-02-26", "Primera versión publicada aquí."),
            DemoVersion("2.7", "2024-03-12", "Extranjerismos adaptados."),
        ),
        authors=("lucia-navarro",),
        categories=("general",),
        users=144_210,
        rating=4.3,
        tags=("spanish", "spelling", "dictionary"),
        license="GPL-3.0-or-later",
        words=(
            "árbol",
            "biblioteca",
            "camión",
            "corazón",
            "día",
            "español",
            "jamón",
            "lápiz",
            "mañana",
            "niño",
            "ordenador",
            "pingüino",
            "ratón",
            "teléfono",
            "vergüenza",
        ),
    ),
    DemoAddon(
        slug="dicionario-portugues-brasil",
        guid="pt-BR@dictionaries.demo.amo.test",
        type=DICTIONARY,
        default_locale="pt-BR",
        target_locale="pt-BR",
        name={
            "pt-BR": "Dicionário de Português (Brasil)",
            "en-US": "Brazilian Portuguese Dictionary",
        },
        summary={
            "pt-BR": "Corretor ortográfico de português do Brasil, de acordo com "
            "o Acordo Ortográfico.",
            "en-US": "Spell checker for Brazilian Portuguese, following the "
            "Orthographic Agreement.",
        },
        description="Mais de 300 mil palavras, com plurais, conjugações e "
        "termos técnicos comuns.",
        artwork=Artwork("diamond", "Pb", ("3fe1b0", "ffd567", "15141a")),
        versions=(
            DemoVersion("3.0", "2018-10-16", "Primeira versão."),
            DemoVersion("3.2", "2021-08-24", "Termos técnicos comuns."),
            DemoVersion("3.3", "2025-05-27", "Correções de acentuação."),
        ),
        authors=("diego-ferreira",),
        categories=("general",),
        android_categories=("general",),
        users=126_330,
        rating=4.6,
        tags=("portuguese", "spelling", "dictionary"),
        license="LGPL-3.0-or-later",
        words=(
            "açúcar",
            "avó",
            "café",
            "canção",
            "coração",
            "estação",
            "ideia",
            "irmã",
            "lâmpada",
            "maçã",
            "pão",
            "pinguim",
            "saúde",
            "você",
        ),
    ),
    DemoAddon(
        slug="nederlands-woordenboek",
        guid="nl-NL@dictionaries.demo.amo.test",
        type=DICTIONARY,
        default_locale="nl",
        target_locale="nl-NL",
        name={"nl": "Nederlands woordenboek", "en-US": "Dutch Dictionary"},
        summary={
            "nl": "Spellingcontrole voor het Nederlands volgens het Groene Boekje.",
            "en-US": "Spell checking for Dutch, following the official word list.",
        },
        description="Controleert samenstellingen en verkleinwoorden in alle "
        "tekstvelden.",
        artwork=Artwork("badge", "Nl", ("ff8a50", "0250bb", "ffffff")),
        versions=(
            DemoVersion("2.10", "2016-10-04", "Eerste versie."),
            DemoVersion("2.20", "2022-12-06", "Nieuwe woordenlijst."),
        ),
        authors=("lukas-brenner",),
        categories=("general",),
        users=52_990,
        rating=4.2,
        tags=("dutch", "spelling", "dictionary"),
        license="BSD-2-Clause",
        words=(
            "appeltaart",
            "boterham",
            "fiets",
            "gezellig",
            "huisje",
            "kaas",
            "molen",
            "paraplu",
            "straat",
            "tulp",
            "uitzicht",
            "woordenboek",
        ),
    ),
)
