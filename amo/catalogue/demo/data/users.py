"""The authors of the demo add-ons. Every person here is invented."""

from amo.catalogue.demo.schema import DemoUser

USERS = (
    DemoUser(
        "mira-okafor",
        "Mira Okafor",
        "Front-end developer in Lagos. I build small tools that make tabs, "
        "bookmarks and reading lists less chaotic.",
        "https://mira.example.com/",
        "2014-03-11",
    ),
    DemoUser(
        "jonas-lindqvist",
        "Jonas Lindqvist",
        "Privacy engineer by day, amateur cartographer by night. Maintainer of "
        "Quiet Corner and Cookie Crumbs.",
        "https://lindqvist.example.com/",
        "2012-09-02",
    ),
    DemoUser(
        "tessellate-studio",
        "Tessellate Studio",
        "A two-person design studio making browser themes out of geometry, "
        "weather and the occasional sunset.",
        "https://tessellate.example.com/",
        "2017-05-20",
    ),
    DemoUser(
        "hana-sato",
        "佐藤 花",
        "東京在住のソフトウェア開発者です。日本語の読み書きを少し楽にする拡張機能を"
        "作っています。",
        "https://hana.example.com/",
        "2016-01-18",
    ),
    DemoUser(
        "lukas-brenner",
        "Lukas Brenner",
        "Sprachwissenschaftler aus Leipzig. Ich pflege Wörterbücher und "
        "Sprachpakete, damit Firefox gut Deutsch spricht.",
        "https://brenner.example.com/",
        "2011-06-30",
    ),
    DemoUser(
        "camille-roux",
        "Camille Roux",
        "Traductrice et développeuse à Lyon. Je m'occupe du paquet de langue "
        "français et de quelques thèmes.",
        "https://camille.example.com/",
        "2013-02-14",
    ),
    DemoUser(
        "diego-ferreira",
        "Diego Ferreira",
        "Desenvolvedor em Porto Alegre. Gosto de ferramentas para quem estuda, "
        "lê muito e compra com cuidado.",
        "https://diego.example.com/",
        "2018-08-08",
    ),
    DemoUser(
        "lucia-navarro",
        "Lucía Navarro",
        "Periodista de datos en Valencia. Escribo extensiones para leer noticias "
        "y comprobar fuentes sin perder el hilo.",
        "https://lucia.example.com/",
        "2015-10-01",
    ),
    DemoUser(
        "omar-haddad",
        "عمر حداد",
        "مطوّر برمجيات من عمّان، أعمل على دعم اللغة العربية في المتصفح وعلى أدوات "
        "القراءة من اليمين إلى اليسار.",
        "https://omar.example.com/",
        "2016-11-23",
    ),
    DemoUser(
        "wei-zhang",
        "张伟",
        "上海的前端工程师，业余时间维护中文语言包和几个效率工具。",
        "https://wei.example.com/",
        "2017-03-09",
    ),
    DemoUser(
        "priya-raman",
        "Priya Raman",
        "Web developer and accessibility tester. If a page is hard to read, I "
        "probably wrote an add-on about it.",
        "https://priya.example.com/",
        "2013-07-04",
    ),
    DemoUser(
        "sam-whitford",
        "Sam Whitford",
        "Hobbyist developer who writes the tools I wish I had. Mostly "
        "downloads, feeds and keyboard shortcuts.",
        "",
        "2019-04-27",
    ),
    DemoUser(
        "northwind-labs",
        "Northwind Labs",
        "A small company building search and research tools for libraries and schools.",
        "https://northwind.example.com/",
        "2014-12-05",
    ),
    DemoUser(
        "ada-kowalska",
        "Ada Kowalska",
        "Game designer from Kraków. I make tiny games you can play while a "
        "video buffers.",
        "https://ada.example.com/",
        "2020-02-02",
    ),
    DemoUser(
        "felix-moreau",
        "Félix Moreau",
        "Photographer and occasional programmer. Colour pickers, image tools "
        "and themes with too many gradients.",
        "https://felix.example.com/",
        "2012-04-16",
    ),
    DemoUser(
        "kofi-mensah",
        "Kofi Mensah",
        "Backend developer in Accra who likes dark themes and fast pages.",
        "",
        "2021-05-19",
    ),
    DemoUser(
        "ines-carvalho",
        "Inês Carvalho",
        "Ilustradora. Desenho temas para o Firefox inspirados no mar e nas "
        "estações do ano.",
        "https://ines.example.com/",
        "2018-01-10",
    ),
    DemoUser(
        "retro-guild",
        "The Retro Guild",
        "Keepers of the old ways: complete themes and lightweight themes from "
        "the early days of Firefox, carefully restored.",
        "https://retro.example.com/",
        "2008-10-12",
    ),
    DemoUser(
        "elena-petrova",
        "Elena Petrova",
        "Security researcher. I review permissions so you don't have to, and "
        "write extensions that ask for as few as possible.",
        "https://elena.example.com/",
        "2015-06-06",
    ),
    DemoUser(
        "tomasz-nowak",
        "Tomasz Nowak",
        "Developer tools enthusiast. Inspectors, formatters, and things that "
        "make JSON readable.",
        "https://tomasz.example.com/",
        "2016-09-14",
    ),
)
