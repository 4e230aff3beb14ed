"""Demo search engines. Every engine searches an example.com host."""

from amo.catalogue.demo.schema import Artwork, DemoAddon, DemoVersion
from amo.core.constants import AddonType

SEARCH = AddonType.SEARCH

ADDONS = (
    DemoAddon(
        slug="recipe-box-search",
        guid="recipe-box-search@demo.amo.test",
        type=SEARCH,
        name={"en-US": "Recipe Box", "de": "Rezeptkiste", "fr": "Boîte à recettes"},
        summary={
            "en-US": "Search Recipe Box's 80,000 home-tested recipes from the "
            "address bar.",
            "de": "Durchsuchen Sie die 80.000 erprobten Rezepte der Rezeptkiste "
            "direkt aus der Adressleiste.",
            "fr": "Cherchez parmi les 80 000 recettes testées de la Boîte à "
            "recettes directement depuis la barre d'adresse.",
        },
        description="Type @recipes followed by an ingredient or a dish in the "
        "address bar.",
        artwork=Artwork("circle", "heart", ("ff8a50", "b5007f", "ffffff")),
        search_url="https://recipes.example.com/search?q={searchTerms}",
        keyword="@recipes",
        versions=(
            DemoVersion("1.0", "2019-11-12", "First release."),
            DemoVersion("1.1", "2023-05-30", "Adds the @recipes keyword."),
        ),
        authors=("northwind-labs",),
        categories=("general",),
        users=18_330,
        rating=4.1,
        tags=("recipes", "cooking", "search"),
        homepage="https://recipes.example.com/",
    ),
    DemoAddon(
        slug="northwind-library",
        guid="northwind-library@northwind.example.com",
        type=SEARCH,
        name="Northwind Library Catalogue",
        summary="Search the catalogue of the Northwind public libraries: books, "
        "films, music and e-books.",
        description="Results show which branch has a copy and whether it is on "
        "the shelf now.",
        artwork=Artwork("square", "book", ("0060df", "20123a", "ffffff")),
        search_url="https://catalogue.northwind.example.com/find?terms={searchTerms}",
        keyword="@library",
        versions=(
            DemoVersion("2.0", "2018-02-20", "New catalogue address."),
            DemoVersion("2.1", "2022-01-25", "Searches e-books too."),
        ),
        authors=("northwind-labs",),
        categories=("general",),
        users=2_410,
        rating=4.6,
        tags=("library", "books", "search"),
        homepage="https://northwind.example.com/library",
        support_email="library@northwind.example.com",
    ),
    DemoAddon(
        slug="open-atlas",
        guid="open-atlas@demo.amo.test",
        type=SEARCH,
        name={"en-US": "Open Atlas", "es-ES": "Atlas Abierto", "pt-BR": "Atlas Aberto"},
        summary={
            "en-US": "Find places, addresses and routes on Open Atlas maps.",
            "es-ES": "Encuentra lugares, direcciones y rutas en los mapas de "
            "Atlas Abierto.",
            "pt-BR": "Encontre lugares, endereços e rotas nos mapas do Atlas Aberto.",
        },
        description="Open Atlas is a community-made map. This engine opens "
        "your search on it.",
        artwork=Artwork("hexagon", "globe", ("3fe1b0", "005b8f", "ffffff")),
        search_url="https://maps.example.com/?search={searchTerms}",
        keyword="@map",
        versions=(
            DemoVersion("1.0", "2020-06-09", "First release."),
            DemoVersion("1.2", "2024-12-10", "New icon."),
        ),
        authors=("lucia-navarro", "diego-ferreira"),
        categories=("general",),
        android_categories=("general",),
        users=41_075,
        rating=4.3,
        tags=("maps", "search"),
    ),
    DemoAddon(
        slug="lexicon-search",
        guid="lexicon-search@demo.amo.test",
        type=SEARCH,
        name={"en-US": "Lexicon", "fr": "Lexique"},
        summary={
            "en-US": "Look up definitions, synonyms and word origins in the "
            "Lexicon dictionary.",
            "fr": "Cherchez des définitions, des synonymes et l'origine des mots "
            "dans le dictionnaire Lexique.",
        },
        description="Type @define and a word to jump straight to its entry.",
        artwork=Artwork("shield", "book", ("e0b4ff", "45278d", "ffffff")),
        search_url="https://lexicon.example.com/define/{searchTerms}",
        keyword="@define",
        versions=(
            DemoVersion("1.0", "2017-10-03", "First release."),
            DemoVersion("1.1", "2021-09-28", "HTTPS address."),
        ),
        authors=("northwind-labs",),
        categories=("general",),
        users=26_004,
        rating=4.2,
        tags=("dictionary", "words", "search"),
    ),
    DemoAddon(
        slug="kotoba-search",
        guid="kotoba-search@hana.example.com",
        type=SEARCH,
        default_locale="ja",
        name={"ja": "ことば検索", "en-US": "Kotoba Search"},
        summary={
            "ja": "国語辞典・漢字辞典・英和辞典をまとめて検索します。",
            "en-US": "Searches a Japanese dictionary, a kanji dictionary and a "
            "Japanese-English dictionary at once.",
        },
        description={
            "ja": "アドレスバーに @kotoba と入力してから調べたい言葉を入力して"
            "ください。",
            "en-US": "Type @kotoba and the word you want in the address bar.",
        },
        artwork=Artwork("drop", "magnifier", ("ff6b8b", "5b2ab5", "ffffff")),
        search_url="https://kotoba.example.com/search?word={searchTerms}",
        keyword="@kotoba",
        versions=(
            DemoVersion(
                "1.0",
                "2021-03-23",
                {"ja": "最初のリリースです。", "en-US": "First release."},
            ),
            DemoVersion(
                "1.1",
                "2025-08-19",
                {
                    "ja": "英和辞典を追加しました。",
                    "en-US": "Adds the Japanese-English dictionary.",
                },
            ),
        ),
        authors=("hana-sato",),
        categories=("general",),
        users=7_260,
        rating=4.7,
        tags=("japanese", "dictionary", "search"),
    ),
)
