"""Demo extensions. Names, texts and people are invented for amo."""

from amo.catalogue.demo.schema import Artwork, DemoAddon, DemoVersion
from amo.core.constants import AddonType, PromotedCategory

EXTENSION = AddonType.EXTENSION
RECOMMENDED = PromotedCategory.RECOMMENDED

ADDONS = (
    DemoAddon(
        slug="tab-tamer",
        guid="tab-tamer@demo.amo.test",
        type=EXTENSION,
        name={"en-US": "Tab Tamer", "de": "Tab-Dompteur", "fr": "Dompteur d'onglets"},
        summary={
            "en-US": "Group, sort and sleep your tabs so a hundred of them feel "
            "like ten.",
            "de": "Gruppiert, sortiert und schläfert Tabs ein, damit sich hundert "
            "davon wie zehn anfühlen.",
            "fr": "Regroupez, triez et mettez en veille vos onglets : cent onglets "
            "ouverts en paraîtront dix.",
            "es-ES": "Agrupa, ordena y duerme tus pestañas para que cien parezcan "
            "diez.",
            "ja": "タブをグループ化・並べ替え・スリープして、100 個のタブも 10 個の"
            "ように扱えます。",
        },
        description=(
            "Tab Tamer keeps a busy browser calm. Tabs you have not looked at for "
            "an hour go to sleep and stop using memory; a click wakes them up "
            "again.\n\nOpen the Tab Tamer panel to see every tab grouped by site, "
            "sort groups by age or name, close a whole group at once, or drag a "
            "group into a new window. Pinned tabs and tabs playing audio are "
            "never put to sleep."
        ),
        artwork=Artwork("squircle", "tabs", ("0a84ff", "0250bb", "ffffff")),
        versions=(
            DemoVersion("1.0", "2019-02-11", "First public release."),
            DemoVersion(
                "1.4",
                "2020-10-06",
                "Groups can be moved to a new window by dragging their header.",
            ),
            DemoVersion(
                "2.0",
                "2023-05-16",
                "Rewritten for Manifest V3. Sleeping tabs now keep their scroll "
                "position.",
            ),
            DemoVersion(
                "2.1.3",
                "2025-09-02",
                "Fixes a crash of the panel with more than 2,000 tabs. Adds a "
                "keyboard shortcut (Alt+Shift+T) to open the panel.",
            ),
            DemoVersion(
                "2.2b1",
                "2026-03-10",
                "Beta: tab groups sync between windows.",
                listed=False,
            ),
        ),
        authors=("mira-okafor",),
        categories=("tabs",),
        users=412_380,
        rating=4.6,
        tags=("tabs", "productivity", "memory"),
        promoted=RECOMMENDED,
        homepage="https://tabtamer.example.com/",
        support_url="https://tabtamer.example.com/help",
        permissions=("tabs", "storage", "sessions"),
        screenshots=(
            "The Tab Tamer panel, with tabs grouped by site.",
            "Sleeping tabs listed in the sidebar.",
            "Options: when to put tabs to sleep.",
        ),
        license="MPL-2.0",
    ),
    DemoAddon(
        slug="quiet-corner",
        guid="{5f0c2a7e-3b61-4d0e-9a51-7c2d8e9f1a03}",
        type=EXTENSION,
        name={
            "en-US": "Quiet Corner",
            "de": "Stille Ecke",
            "fr": "Coin tranquille",
            "es-ES": "Rincón tranquilo",
            "ja": "クワイエット・コーナー",
            "pt-BR": "Cantinho Sossegado",
            "ar": "الركن الهادئ",
            "zh-CN": "安静角落",
        },
        summary={
            "en-US": "Blocks trackers, fingerprinting scripts and cryptominers "
            "without breaking the pages you use.",
            "de": "Blockiert Tracker, Fingerprinting-Skripte und Krypto-Miner, ohne "
            "die Seiten kaputtzumachen, die Sie nutzen.",
            "fr": "Bloque les traqueurs, les scripts d'empreinte numérique et les "
            "mineurs de cryptomonnaie sans casser vos sites habituels.",
            "es-ES": "Bloquea rastreadores, scripts de huella digital y "
            "criptomineros sin estropear las páginas que usas.",
            "ja": "トラッカー、フィンガープリント採取スクリプト、仮想通貨マイナーを、"
            "いつも使うページを壊さずにブロックします。",
            "pt-BR": "Bloqueia rastreadores, scripts de impressão digital e "
            "mineradores de criptomoedas sem quebrar as páginas que você usa.",
            "ar": "يحظر أدوات التتبّع وسكربتات البصمة الرقمية ومُعدّني العملات "
            "المشفّرة دون أن يُفسد الصفحات التي تستخدمها.",
            "zh-CN": "拦截跟踪器、指纹识别脚本和挖矿脚本，同时不影响你常用网页的正常"
            "显示。",
        },
        description={
            "en-US": "Quiet Corner blocks the scripts that follow you from site to "
            "site. Its block lists are updated every day, and a site you trust "
            "can be allowed with one click.\n\nUnlike blockers that remove "
            "everything, Quiet Corner replaces blocked scripts with harmless "
            "stand-ins when a page needs them, so video players, comments and "
            "logins keep working.\n\nThe lists are downloaded from "
            "lists.quietcorner.example.com; nothing about the pages you visit "
            "ever leaves your computer.",
            "de": "Stille Ecke blockiert die Skripte, die Ihnen von Seite zu Seite "
            "folgen. Die Sperrlisten werden täglich aktualisiert, und einer "
            "vertrauenswürdigen Seite erlauben Sie mit einem Klick alles.\n\n"
            "Anders als Blocker, die einfach alles entfernen, ersetzt Stille Ecke "
            "blockierte Skripte durch harmlose Platzhalter, wenn eine Seite sie "
            "braucht. Videoplayer, Kommentare und Anmeldungen funktionieren "
            "weiter.",
            "fr": "Coin tranquille bloque les scripts qui vous suivent d'un site à "
            "l'autre. Ses listes de blocage sont mises à jour chaque jour, et un "
            "clic suffit pour autoriser un site de confiance.\n\nContrairement "
            "aux bloqueurs qui suppriment tout, il remplace les scripts bloqués "
            "par des substituts inoffensifs quand une page en a besoin : les "
            "lecteurs vidéo, les commentaires et les connexions continuent de "
            "fonctionner.",
        },
        artwork=Artwork("shield", "shield", ("3fe1b0", "058b00", "ffffff")),
        versions=(
            DemoVersion(
                "3.0.0",
                "2018-04-23",
                "New blocking engine, three times faster on large pages.",
            ),
            DemoVersion("3.5.2", "2021-01-19", "Adds fingerprinting protection."),
            DemoVersion(
                "4.0.0",
                "2023-09-12",
                {
                    "en-US": "Manifest V3 and a new, clearer panel.",
                    "de": "Manifest V3 und ein neues, übersichtlicheres Menü.",
                    "fr": "Manifest V3 et un nouveau panneau, plus clair.",
                },
            ),
            DemoVersion(
                "4.6.1",
                "2026-06-30",
                {
                    "en-US": "Blocks a new family of cryptominers. Smaller "
                    "memory use on Android.",
                    "de": "Blockiert eine neue Familie von Krypto-Minern. Weniger "
                    "Speicherverbrauch unter Android.",
                },
            ),
        ),
        authors=("jonas-lindqvist", "elena-petrova"),
        categories=("privacy-security",),
        android_categories=("privacy-security",),
        users=2_356_410,
        rating=4.8,
        tags=("privacy", "security", "ad blocker", "anti-tracking"),
        promoted=RECOMMENDED,
        license="GPL-3.0-or-later",
        homepage="https://quietcorner.example.com/",
        support_url="https://quietcorner.example.com/support",
        support_email="help@quietcorner.example.com",
        privacy_policy={
            "en-US": "Quiet Corner collects no data. Block lists are downloaded "
            "once a day from lists.quietcorner.example.com; that request carries "
            "no identifier and no information about your browsing.",
            "de": "Stille Ecke erhebt keine Daten. Die Sperrlisten werden einmal "
            "täglich von lists.quietcorner.example.com geladen; diese Anfrage "
            "enthält weder eine Kennung noch Angaben zu Ihrem Surfverhalten.",
        },
        permissions=("webRequest", "webRequestBlocking", "storage", "tabs"),
        host_permissions=("<all_urls>",),
        contributions_url="https://donate.quietcorner.example.com/",
        screenshots=(
            "Trackers blocked on a news site.",
            "The list of sites you trust.",
            "Choose how strict the blocking is.",
        ),
    ),
    DemoAddon(
        slug="cookie-crumbs",
        guid="cookie-crumbs@lindqvist.example.com",
        type=EXTENSION,
        name="Cookie Crumbs",
        summary="Deletes a site's cookies and storage as soon as you close its "
        "last tab, except for the sites you keep.",
        description=(
            "Staying logged in is handy; being recognised by every advertiser "
            "is not. Cookie Crumbs waits until you close the last tab of a site "
            "and then removes its cookies, local storage and cache.\n\nAdd the "
            "sites you want to stay logged in to the keep list, and Cookie "
            "Crumbs leaves them alone."
        ),
        artwork=Artwork("circle", "check", ("ffb3a0", "c45a00", "ffffff")),
        versions=(
            DemoVersion("0.9", "2017-08-30", "First release."),
            DemoVersion("1.2", "2020-12-01", "Clears IndexedDB too."),
            DemoVersion("1.3.0", "2024-02-20", "Manifest V3. Works on Android."),
        ),
        authors=("jonas-lindqvist",),
        categories=("privacy-security",),
        android_categories=("privacy-security",),
        users=186_020,
        rating=4.4,
        tags=("privacy", "cookies"),
        license="MIT",
        permissions=("cookies", "browsingData", "tabs", "storage"),
        host_permissions=("<all_urls>",),
        screenshots=(
            "Cookies removed after closing a tab.",
            "The keep list.",
            "Cleaning options.",
        ),
    ),
    DemoAddon(
        slug="reading-lamp",
        guid="reading-lamp@priya.example.com",
        type=EXTENSION,
        name={
            "en-US": "Reading Lamp",
            "de": "Leselampe",
            "fr": "Lampe de lecture",
            "es-ES": "Lámpara de lectura",
            "pt-BR": "Luminária de Leitura",
            "ja": "リーディングランプ",
            "zh-CN": "阅读灯",
        },
        summary={
            "en-US": "A dark mode for every website, with a warm night tint that "
            "is easy on the eyes.",
            "de": "Ein dunkler Modus für jede Website, mit einem warmen "
            "Nachtfilter, der die Augen schont.",
            "fr": "Un mode sombre pour tous les sites, avec une teinte chaude de "
            "nuit qui repose les yeux.",
            "es-ES": "Un modo oscuro para cualquier web, con un tono cálido "
            "nocturno que descansa la vista.",
            "pt-BR": "Um modo escuro para qualquer site, com um tom quente noturno "
            "que descansa os olhos.",
            "ja": "あらゆるサイトをダークモードに。目にやさしい暖色のナイトモードも"
            "付いています。",
            "zh-CN": "为所有网站提供深色模式，并带有护眼的暖色夜间色调。",
        },
        description={
            "en-US": "Reading Lamp turns bright pages dark without making them "
            "ugly: images keep their colours, and text keeps its contrast.\n\n"
            "Set a schedule to switch on at sunset, pick a warmer tint for late "
            "evenings, and turn it off for sites that already have a dark mode.",
            "fr": "Lampe de lecture assombrit les pages claires sans les "
            "enlaidir : les images gardent leurs couleurs et le texte reste "
            "lisible.\n\nProgrammez l'activation au coucher du soleil, choisissez "
            "une teinte plus chaude pour la soirée et désactivez-la sur les sites "
            "qui ont déjà un mode sombre.",
        },
        artwork=Artwork("circle", "moon", ("45278d", "20123a", "ffd567")),
        versions=(
            DemoVersion("1.0.0", "2018-11-05", "First release."),
            DemoVersion("1.8.0", "2021-07-13", "Adds the warm night tint."),
            DemoVersion(
                "2.0.0",
                "2023-11-28",
                "Manifest V3. Schedules follow your local sunset.",
            ),
            DemoVersion("2.3.2", "2026-02-03", "Faster on pages with many images."),
        ),
        authors=("priya-raman",),
        categories=("appearance",),
        android_categories=("appearance",),
        users=1_120_560,
        rating=4.5,
        tags=("dark mode", "accessibility", "night"),
        promoted=RECOMMENDED,
        license="MIT",
        homepage="https://readinglamp.example.com/",
        permissions=("storage", "scripting"),
        host_permissions=("<all_urls>",),
        screenshots=(
            "A news page in dark mode.",
            "Sites where dark mode is off.",
            "The schedule and the night tint.",
        ),
    ),
    DemoAddon(
        slug="bookmark-garden",
        guid="bookmark-garden@mira.example.com",
        type=EXTENSION,
        name="Bookmark Garden",
        summary="Finds duplicate and dead bookmarks and grows the rest into tidy "
        "folders.",
        description=(
            "Years of bookmarks turn into a jungle. Bookmark Garden checks every "
            "bookmark, lists the ones that lead nowhere and the ones you saved "
            "twice, and suggests folders based on the sites they belong to.\n\n"
            "Nothing is deleted without asking: every change can be undone from "
            "the garden's history."
        ),
        artwork=Artwork("leaf", "leaf", ("a7f3a0", "2f8f46", "ffffff")),
        versions=(
            DemoVersion("0.5.0", "2020-03-03", "First release."),
            DemoVersion("0.7.1", "2022-06-21", "Checks dead links in the background."),
            DemoVersion("1.0.0", "2025-04-08", "Suggests folders. Undo history."),
        ),
        authors=("mira-okafor",),
        categories=("bookmarks",),
        users=58_421,
        rating=4.3,
        tags=("bookmarks", "organizer"),
        license="MPL-2.0",
        permissions=("bookmarks", "storage"),
        host_permissions=("<all_urls>",),
        screenshots=(
            "Duplicate bookmarks found.",
            "Folders suggested by site.",
            "Options for the link checker.",
        ),
    ),
    DemoAddon(
        slug="feedhopper",
        guid="feedhopper@whitford.example.com",
        type=EXTENSION,
        name="Feedhopper",
        summary={
            "en-US": "A fast RSS and Atom reader in the sidebar, with no account "
            "and no servers.",
            "es-ES": "Un lector rápido de RSS y Atom en la barra lateral, sin "
            "cuentas ni servidores.",
        },
        description=(
            "Feedhopper finds the feeds of the site you are on and subscribes "
            "with one click. New articles appear in the sidebar, grouped by "
            "feed, and are kept for as long as you like.\n\nFeeds are fetched "
            "by your browser alone: there is no account to create and no "
            "server that sees what you read. OPML import and export included."
        ),
        artwork=Artwork("square", "feed", ("ffa436", "e25920", "ffffff")),
        versions=(
            DemoVersion("2.0", "2016-05-09", "Sidebar reader."),
            DemoVersion("2.4", "2019-12-17", "OPML import and export."),
            DemoVersion("3.0", "2024-10-01", "Manifest V3, folders of feeds."),
        ),
        authors=("sam-whitford",),
        categories=("feeds-news-blogging",),
        users=23_911,
        rating=4.2,
        tags=("rss", "news", "reader"),
        license="GPL-3.0-or-later",
        permissions=("storage", "alarms"),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="download-dock",
        guid="download-dock@whitford.example.com",
        type=EXTENSION,
        name="Download Dock",
        summary="Shows downloads in a dock at the bottom of the window and "
        "sorts finished files into folders by type.",
        description=(
            "Download Dock replaces the downloads panel with a slim dock that "
            "stays out of the way. Pause, resume and retry downloads from it, "
            "and let it save images, documents and archives into folders of "
            "their own."
        ),
        artwork=Artwork("hexagon", "download", ("7542e5", "3a1f8f", "ffffff")),
        versions=(
            DemoVersion("1.0", "2019-09-24", "First release."),
            DemoVersion("1.1", "2021-03-30", "Retry failed downloads."),
            DemoVersion("1.5", "2023-06-13", "Sorts files into folders by type."),
        ),
        authors=("sam-whitford",),
        categories=("download-management",),
        users=71_233,
        rating=4.1,
        tags=("downloads",),
        license="MIT",
        permissions=("downloads", "storage"),
    ),
    DemoAddon(
        slug="lingo-lens",
        guid="lingo-lens@demo.amo.test",
        type=EXTENSION,
        name={
            "en-US": "Lingo Lens",
            "ar": "عدسة اللغات",
            "zh-CN": "词语透镜",
            "de": "Lingo Lens",
            "es-ES": "Lingo Lens",
        },
        summary={
            "en-US": "Select a word on any page to see its meaning and a "
            "translation into your language.",
            "ar": "حدّد أي كلمة في الصفحة لترى معناها وترجمتها إلى لغتك.",
            "zh-CN": "在任意网页上选中一个词，即可查看释义和译文。",
            "de": "Markieren Sie ein Wort auf einer beliebigen Seite, um seine "
            "Bedeutung und eine Übersetzung zu sehen.",
            "es-ES": "Selecciona una palabra en cualquier página para ver su "
            "significado y su traducción a tu idioma.",
            "fr": "Sélectionnez un mot sur n'importe quelle page pour voir sa "
            "définition et sa traduction dans votre langue.",
        },
        description=(
            "Lingo Lens puts a dictionary and a translator one selection away. "
            "Select a word or a sentence and a small card shows definitions, "
            "pronunciation and a translation into one of 40 languages.\n\n"
            "Selected text is sent to translate.lingolens.example.com only "
            "when you open a card. Right-to-left languages and vertical "
            "Japanese text are supported."
        ),
        artwork=Artwork("squircle", "translate", ("00ddff", "0060df", "ffffff")),
        versions=(
            DemoVersion("1.0", "2018-01-15", "First release."),
            DemoVersion(
                "1.6",
                "2020-09-08",
                "Pronunciation, and support for Firefox for Android.",
            ),
            DemoVersion("2.0", "2023-04-18", "Manifest V3. Right-to-left cards."),
            DemoVersion("2.4", "2026-08-25", "Vertical Japanese text. 40 languages."),
        ),
        authors=("omar-haddad", "wei-zhang"),
        categories=("language-support",),
        android_categories=("language-support",),
        users=305_870,
        rating=4.4,
        tags=("translation", "dictionary", "languages"),
        promoted=RECOMMENDED,
        license="MPL-2.0",
        homepage="https://lingolens.example.com/",
        privacy_policy="When you open a card, Lingo Lens sends the selected text "
        "and the two languages to translate.lingolens.example.com. The server "
        "keeps no logs of the text. No other data is collected.",
        permissions=("storage", "contextMenus", "activeTab"),
        host_permissions=("https://translate.lingolens.example.com/*",),
    ),
    DemoAddon(
        slug="furigana-helper",
        guid="furigana-helper@hana.example.com",
        type=EXTENSION,
        default_locale="ja",
        name={"ja": "ふりがなヘルパー", "en-US": "Furigana Helper"},
        summary={
            "ja": "ウェブページの漢字にふりがなを付けます。学習中の漢字だけに付ける"
            "こともできます。",
            "en-US": "Adds furigana readings above the kanji on web pages, or "
            "only above the kanji you are still learning.",
        },
        description={
            "ja": "ふりがなヘルパーは、ページ内の漢字に読み仮名を表示します。"
            "日本語能力試験のレベルを選ぶと、まだ習っていない漢字にだけふりがなを"
            "付けられます。\n\nすべての処理はブラウザー内で行われ、閲覧したページの"
            "内容が外部に送信されることはありません。",
            "en-US": "Furigana Helper shows the readings of kanji on any page. "
            "Pick your JLPT level and only the kanji above it get furigana.\n\n"
            "Everything happens in your browser; page text is never sent "
            "anywhere.",
        },
        artwork=Artwork("circle", "Aa", ("ff6b8b", "c4004f", "ffffff")),
        versions=(
            DemoVersion(
                "1.0.0",
                "2019-06-01",
                {"ja": "最初のリリースです。", "en-US": "First release."},
            ),
            DemoVersion(
                "1.2.0",
                "2022-01-11",
                {
                    "ja": "JLPT レベル別の表示に対応しました。",
                    "en-US": "Furigana by JLPT level.",
                },
            ),
            DemoVersion(
                "1.3.1",
                "2025-11-20",
                {
                    "ja": "縦書きのページでの表示を改善しました。",
                    "en-US": "Better on vertical text.",
                },
            ),
        ),
        authors=("hana-sato",),
        categories=("language-support",),
        users=41_806,
        rating=4.7,
        tags=("japanese", "languages", "learning"),
        license="MIT",
        permissions=("storage",),
        host_permissions=("<all_urls>",),
        screenshots=(
            {
                "ja": "ニュース記事にふりがなを表示",
                "en-US": "Furigana on a news article.",
            },
        ),
    ),
    DemoAddon(
        slug="text-direction",
        guid="text-direction@omar.example.com",
        type=EXTENSION,
        default_locale="ar",
        name={"ar": "اتجاه النص", "en-US": "Text Direction Fixer"},
        summary={
            "ar": "يضبط اتجاه الكتابة تلقائيًا في الحقول التي تخلط العربية بالإنجليزية.",
            "en-US": "Sets the writing direction of text fields automatically "
            "when you mix Arabic and English.",
        },
        description={
            "ar": "عندما تكتب رسالة تجمع بين العربية والإنجليزية تختلط علامات "
            "الترقيم وتنقلب الأرقام. يراقب «اتجاه النص» ما تكتبه ويضبط اتجاه كل "
            "فقرة على حدة.\n\nيعمل مع مواقع البريد والمحادثة والمدونات، ويمكنك "
            "تعطيله لأي موقع.",
            "en-US": "When a message mixes Arabic and English, punctuation jumps "
            "around and numbers flip. Text Direction Fixer watches what you type "
            "and sets the direction of each paragraph on its own.",
        },
        artwork=Artwork("diamond", "pencil", ("00c8d7", "006d77", "ffffff")),
        versions=(
            DemoVersion(
                "0.3", "2021-04-12", {"ar": "الإصدار الأول.", "en-US": "First release."}
            ),
            DemoVersion(
                "0.4",
                "2024-01-30",
                {"ar": "يدعم الحقول متعددة الأسطر.", "en-US": "Multi-line fields."},
            ),
        ),
        authors=("omar-haddad",),
        categories=("language-support", "social-communication"),
        android_categories=("language-support",),
        users=9_412,
        rating=4.5,
        tags=("arabic", "rtl", "languages"),
        license="GPL-3.0-or-later",
        permissions=("storage",),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="vigia-de-precos",
        guid="vigia-de-precos@diego.example.com",
        type=EXTENSION,
        default_locale="pt-BR",
        name={"pt-BR": "Vigia de Preços", "en-US": "Price Watch"},
        summary={
            "pt-BR": "Acompanha o preço dos produtos que você quer e avisa quando "
            "ele cai.",
            "en-US": "Keeps an eye on the price of things you want and tells you "
            "when it drops.",
            "es-ES": "Vigila el precio de lo que quieres comprar y te avisa cuando "
            "baja.",
        },
        description={
            "pt-BR": "Clique no ícone do Vigia de Preços na página de um produto e "
            "defina o preço que você está disposto a pagar. O Vigia confere a "
            "página duas vezes por dia e mostra uma notificação quando o preço "
            "chega lá.\n\nO histórico de preços fica guardado no seu navegador e "
            "aparece em um gráfico simples.",
            "en-US": "Click the Price Watch button on a product page and set the "
            "price you are willing to pay. Price Watch checks the page twice a "
            "day and notifies you when the price gets there. The price history "
            "stays in your browser.",
        },
        artwork=Artwork("tag", "cart", ("ffe900", "ff9400", "3d2800")),
        versions=(
            DemoVersion(
                "1.0",
                "2020-11-24",
                {"pt-BR": "Primeira versão.", "en-US": "First release."},
            ),
            DemoVersion(
                "1.3",
                "2022-11-22",
                {
                    "pt-BR": "Gráfico do histórico de preços.",
                    "en-US": "Price history chart.",
                },
            ),
            DemoVersion(
                "2.0",
                "2025-11-18",
                {
                    "pt-BR": "Manifest V3 e alertas no Android.",
                    "en-US": "Manifest V3, alerts on Android.",
                },
            ),
        ),
        authors=("diego-ferreira",),
        categories=("shopping",),
        android_categories=("shopping",),
        users=96_044,
        rating=4.0,
        tags=("shopping", "prices", "deals"),
        license="MPL-2.0",
        privacy_policy={
            "pt-BR": "O Vigia de Preços não envia dados a nenhum servidor. As "
            "páginas dos produtos são consultadas diretamente pelo seu "
            "navegador.",
            "en-US": "Price Watch sends no data to any server. Product pages are "
            "checked by your browser directly.",
        },
        permissions=("storage", "alarms", "notifications"),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="colour-dropper",
        guid="colour-dropper@felix.example.com",
        type=EXTENSION,
        name={"en-US": "Colour Dropper", "fr": "Pipette de couleurs"},
        summary={
            "en-US": "Pick any colour on a page and copy it as hex, RGB, HSL or OKLCH.",
            "fr": "Prélevez n'importe quelle couleur d'une page et copiez-la en "
            "hexadécimal, RVB, TSL ou OKLCH.",
        },
        description=(
            "Colour Dropper turns the pointer into a magnifying pipette. Click "
            "to copy the colour under it, in the format you prefer. Your last "
            "50 colours are kept in palettes that you can export as CSS "
            "variables."
        ),
        artwork=Artwork("drop", "palette", ("ff4aa2", "8f00ff", "ffffff")),
        versions=(
            DemoVersion("1.0", "2017-03-21", "First release."),
            DemoVersion("1.9", "2021-05-04", "Palettes, and export as CSS variables."),
            DemoVersion("2.2", "2024-03-26", "OKLCH colours."),
        ),
        authors=("felix-moreau",),
        categories=("web-development", "photos-music-videos"),
        users=212_745,
        rating=4.6,
        tags=("colour", "design", "web development"),
        license="MIT",
        permissions=("activeTab", "clipboardWrite", "storage"),
    ),
    DemoAddon(
        slug="json-lens",
        guid="json-lens@tomasz.example.com",
        type=EXTENSION,
        name="JSON Lens",
        summary={
            "en-US": "Formats JSON responses into a tree you can fold, search and "
            "copy paths from.",
            "de": "Stellt JSON-Antworten als Baum dar, den Sie auf- und zuklappen, "
            "durchsuchen und aus dem Sie Pfade kopieren können.",
            "zh-CN": "把 JSON 响应格式化为可折叠、可搜索并能复制路径的树状视图。",
        },
        description=(
            "Open any URL that returns JSON and JSON Lens shows it as a tree "
            "with syntax colours. Fold and unfold nodes, filter by key or "
            "value, and copy the path of any node as a jq or JavaScript "
            "expression.\n\nLarge files (up to 200 MB) stay responsive because "
            "the tree is drawn lazily."
        ),
        artwork=Artwork("octagon", "code", ("2ac3a2", "054096", "ffffff")),
        versions=(
            DemoVersion("0.9.0", "2019-10-14", "First release."),
            DemoVersion("1.0.0", "2020-08-11", "Copy paths as jq expressions."),
            DemoVersion("1.4.0", "2023-02-07", "Lazy tree for very large files."),
            DemoVersion(
                "1.5.2", "2026-05-12", "Filter by value. Fixes sorting of numeric keys."
            ),
        ),
        authors=("tomasz-nowak",),
        categories=("web-development",),
        users=143_507,
        rating=4.7,
        tags=("json", "developer tools", "web development"),
        promoted=RECOMMENDED,
        license="BSD-2-Clause",
        homepage="https://jsonlens.example.com/",
        permissions=("storage",),
    ),
    DemoAddon(
        slug="header-peek",
        guid="header-peek@tomasz.example.com",
        type=EXTENSION,
        name="Header Peek",
        summary="Shows the HTTP response headers of the current page, with "
        "warnings for missing security headers.",
        description=(
            "Header Peek adds a toolbar button that lists the response headers "
            "of the page you are on. Headers that protect a site, such as "
            "Content-Security-Policy and Strict-Transport-Security, are checked "
            "and explained."
        ),
        artwork=Artwork("square", "eye", ("5b5b66", "15141a", "54ffbd")),
        versions=(
            DemoVersion("1.0", "2022-02-15", "First release."),
            DemoVersion("1.1", "2024-06-04", "Explains security headers."),
        ),
        authors=("tomasz-nowak", "elena-petrova"),
        categories=("web-development", "privacy-security"),
        users=12_356,
        rating=4.3,
        tags=("http", "security", "developer tools"),
        license="MIT",
        permissions=("webRequest", "activeTab"),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="pixel-ruler",
        guid="pixel-ruler@tomasz.example.com",
        type=EXTENSION,
        name="Pixel Ruler",
        summary="Measure distances and element sizes on a page, snapped to the pixel.",
        description=(
            "Drag across a page to measure it. Pixel Ruler snaps to the edges of "
            "elements, shows their margins and paddings, and copies sizes in px "
            "or rem."
        ),
        artwork=Artwork("square", "px", ("ffd567", "ff8a50", "15141a")),
        versions=(
            DemoVersion("1.0", "2018-07-10", "First release."),
            DemoVersion("1.3", "2022-09-27", "Copies sizes in rem."),
        ),
        authors=("tomasz-nowak",),
        categories=("web-development",),
        users=31_008,
        rating=4.2,
        tags=("design", "web development"),
        license="MIT",
        permissions=("activeTab", "scripting"),
    ),
    DemoAddon(
        slug="full-page-snap",
        guid="full-page-snap@felix.example.com",
        type=EXTENSION,
        name={
            "en-US": "Full Page Snap",
            "fr": "Capture pleine page",
            "pt-BR": "Captura de Página Inteira",
        },
        summary={
            "en-US": "Capture a whole page, a part of it or one element, then "
            "annotate and save it as PNG or PDF.",
            "fr": "Capturez une page entière, une zone ou un seul élément, puis "
            "annotez-la et enregistrez-la en PNG ou en PDF.",
            "pt-BR": "Capture uma página inteira, uma parte dela ou um único "
            "elemento, depois faça anotações e salve em PNG ou PDF.",
        },
        description=(
            "Full Page Snap scrolls through long pages for you and stitches them "
            "into one image. Crop, draw arrows, blur private details and save "
            "the result, or copy it straight to the clipboard."
        ),
        artwork=Artwork("squircle", "camera", ("9059ff", "ff4f5e", "ffffff")),
        versions=(
            DemoVersion("3.0", "2019-04-02", "Captures single elements."),
            DemoVersion("3.5", "2021-10-19", "Annotations: arrows, text and blur."),
            DemoVersion("4.0", "2024-05-14", "Save as PDF. Works on Android."),
            DemoVersion("4.1", "2026-01-27", "Faster stitching of very long pages."),
        ),
        authors=("felix-moreau",),
        categories=("photos-music-videos",),
        android_categories=("photos-music-videos",),
        users=388_120,
        rating=4.5,
        tags=("screenshot", "images"),
        promoted=RECOMMENDED,
        license="MPL-2.0",
        permissions=("activeTab", "downloads", "clipboardWrite"),
    ),
    DemoAddon(
        slug="tempo",
        guid="tempo@whitford.example.com",
        type=EXTENSION,
        name="Tempo",
        summary={
            "en-US": "Speed up or slow down any video with the keyboard, and "
            "skip silences in lectures.",
            "es-ES": "Acelera o ralentiza cualquier vídeo con el teclado y salta "
            "los silencios de las clases.",
            "pt-BR": "Acelere ou desacelere qualquer vídeo pelo teclado e pule os "
            "silêncios das aulas.",
            "de": "Beschleunigt oder verlangsamt jedes Video per Tastatur und "
            "überspringt Pausen in Vorlesungen.",
        },
        description=(
            "Press D to go faster, S to go slower and R to reset. Tempo works "
            "with every HTML5 video and remembers the speed you chose for each "
            "site.\n\nThe optional silence skipper jumps over pauses longer "
            "than a second, which makes recorded lectures noticeably shorter."
        ),
        artwork=Artwork("circle", "clock", ("ff9f00", "d70022", "ffffff")),
        versions=(
            DemoVersion("2.0", "2018-09-18", "Keyboard shortcuts can be changed."),
            DemoVersion("2.5", "2021-02-09", "Remembers the speed per site."),
            DemoVersion("3.0", "2023-08-22", "Skips silences."),
            DemoVersion("3.1", "2025-12-09", "Works in picture-in-picture."),
        ),
        authors=("sam-whitford",),
        categories=("photos-music-videos",),
        android_categories=("photos-music-videos",),
        users=640_398,
        rating=4.7,
        tags=("video", "speed", "keyboard"),
        promoted=RECOMMENDED,
        license="MIT",
        permissions=("storage",),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="solo",
        guid="solo@kofi.example.com",
        type=EXTENSION,
        name="Solo",
        summary="Pauses the other tabs when one starts playing sound, and "
        "resumes them when it stops.",
        description=(
            "Start a video and the music in the other tab pauses; close the "
            "video and the music picks up where it left off. Solo works with "
            "most players and can skip the sites you choose."
        ),
        artwork=Artwork("hexagon", "note", ("ff8a50", "9e280b", "ffffff")),
        versions=(
            DemoVersion("1.0.0", "2021-08-03", "First release."),
            DemoVersion("1.1.0", "2023-10-24", "Manifest V3. Resumes in order."),
        ),
        authors=("kofi-mensah",),
        categories=("photos-music-videos", "tabs"),
        users=54_219,
        rating=4.4,
        tags=("audio", "music", "tabs"),
        license="MIT",
        permissions=("tabs", "scripting"),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="pocket-sudoku",
        guid="pocket-sudoku@ada.example.com",
        type=EXTENSION,
        name={
            "en-US": "Pocket Sudoku",
            "de": "Sudoku für die Hosentasche",
            "pl": "Sudoku na kieszeń",
        },
        summary={
            "en-US": "A new sudoku every day in your toolbar, from gentle to fiendish.",
            "de": "Jeden Tag ein neues Sudoku in der Symbolleiste, von leicht bis "
            "teuflisch.",
            "pl": "Codziennie nowe sudoku na pasku narzędzi, od łatwego po "
            "diabelnie trudne.",
        },
        description=(
            "Open the toolbar popup for today's puzzle. Pencil marks, undo and "
            "a quiet timer are included; your streak is saved in the browser. "
            "Works offline."
        ),
        artwork=Artwork("square", "grid", ("ffbd4f", "e31587", "ffffff")),
        versions=(
            DemoVersion("1.0", "2020-04-14", "First release."),
            DemoVersion("1.2", "2022-12-13", "Daily streaks."),
        ),
        authors=("ada-kowalska",),
        categories=("games-entertainment",),
        android_categories=("games-entertainment",),
        users=27_540,
        rating=4.6,
        tags=("games", "puzzle", "sudoku"),
        license="GPL-3.0-or-later",
        permissions=("storage",),
    ),
    DemoAddon(
        slug="tiny-dungeon",
        guid="tiny-dungeon@ada.example.com",
        type=EXTENSION,
        name="Tiny Dungeon",
        summary="A pocket-sized roguelike that lives in the toolbar: one floor, "
        "one minute.",
        description=(
            "Every floor of Tiny Dungeon fits in the toolbar popup and takes "
            "about a minute to clear. Find the stairs, avoid the slimes and "
            "collect enough gold to buy a better lantern. Your run pauses "
            "whenever the popup closes."
        ),
        artwork=Artwork("badge", "flame", ("4a1475", "15141a", "ff7139")),
        versions=(
            DemoVersion("0.1.0", "2023-03-14", "First playable floor."),
            DemoVersion("0.2.0", "2024-08-20", "Shops and lanterns."),
            DemoVersion("0.3.0", "2026-04-07", "Ten new monsters."),
        ),
        authors=("ada-kowalska",),
        categories=("games-entertainment",),
        users=8_902,
        rating=4.8,
        tags=("games", "roguelike"),
        license="GPL-3.0-or-later",
        permissions=("storage",),
    ),
    DemoAddon(
        slug="weather-window",
        guid="weather-window@lucia.example.com",
        type=EXTENSION,
        name={"en-US": "Weather Window", "es-ES": "Ventana del tiempo"},
        summary={
            "en-US": "The temperature in your toolbar and a seven-day forecast "
            "one click away.",
            "es-ES": "La temperatura en la barra de herramientas y la previsión "
            "de siete días a un clic.",
        },
        description=(
            "Weather Window shows the current temperature on its toolbar "
            "button. Click it for the hourly and seven-day forecast, rain "
            "alerts and sunrise times for the places you choose."
        ),
        artwork=Artwork("circle", "sun", ("80ebff", "0090ed", "fff36e")),
        versions=(
            DemoVersion("1.0", "2017-06-27", "First release."),
            DemoVersion("2.0", "2020-10-27", "Rain alerts."),
            DemoVersion("2.2", "2024-04-23", "Several places."),
        ),
        authors=("lucia-navarro",),
        categories=("alerts-updates",),
        android_categories=("alerts-updates",),
        users=77_031,
        rating=4.1,
        tags=("weather", "forecast"),
        license="all-rights-reserved",
        privacy_policy="Weather Window sends the places you add to "
        "api.weatherwindow.example.com to fetch their forecast. Your location is "
        "used only if you ask for it, and it is never stored.",
        permissions=("storage", "alarms", "geolocation"),
        host_permissions=("https://api.weatherwindow.example.com/*",),
    ),
    DemoAddon(
        slug="page-watcher",
        guid="page-watcher@whitford.example.com",
        type=EXTENSION,
        name="Page Watcher",
        summary="Tells you when a web page changes, and shows what changed.",
        description=(
            "Select a part of a page, such as a price, a timetable or a list of "
            "results, and Page Watcher checks it as often as you like. When it "
            "changes you get a notification and a side-by-side view of the "
            "old and new text."
        ),
        artwork=Artwork("drop", "bell", ("ffd567", "e27f2e", "3d2800")),
        versions=(
            DemoVersion("1.0", "2019-01-08", "First release."),
            DemoVersion("1.4", "2022-04-05", "Side-by-side changes."),
            DemoVersion("1.5", "2025-02-11", "Manifest V3."),
        ),
        authors=("sam-whitford",),
        categories=("alerts-updates",),
        users=35_660,
        rating=4.2,
        tags=("notifications", "monitoring"),
        license="MPL-2.0",
        permissions=("storage", "alarms", "notifications"),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="hilo",
        guid="hilo@lucia.example.com",
        type=EXTENSION,
        default_locale="es-ES",
        name="Hilo",
        summary={
            "es-ES": "Sigue una noticia a lo largo del tiempo: Hilo agrupa los "
            "artículos sobre el mismo tema y marca lo que ya has leído.",
            "en-US": "Follow a story over time: Hilo groups articles about the "
            "same topic and marks what you have already read.",
            "pt-BR": "Acompanhe uma notícia ao longo do tempo: o Hilo agrupa os "
            "artigos sobre o mesmo assunto e marca o que você já leu.",
        },
        description={
            "es-ES": "Cuando una noticia dura semanas es fácil perder el hilo. "
            "Hilo reconoce los artículos que hablan del mismo tema en los "
            "periódicos que lees y los ordena en una línea temporal, con lo "
            "nuevo resaltado.",
            "en-US": "When a story runs for weeks it is easy to lose the thread. "
            "Hilo recognises articles about the same topic in the papers you "
            "read and lays them out on a timeline, with what is new "
            "highlighted.",
        },
        artwork=Artwork("octagon", "book", ("ff8a50", "c50042", "ffffff")),
        versions=(
            DemoVersion(
                "0.8",
                "2022-03-08",
                {"es-ES": "Primera versión pública.", "en-US": "First public release."},
            ),
            DemoVersion(
                "1.0",
                "2024-09-17",
                {
                    "es-ES": "Línea temporal rediseñada.",
                    "en-US": "Redesigned timeline.",
                },
            ),
        ),
        authors=("lucia-navarro",),
        categories=("feeds-news-blogging",),
        users=15_733,
        rating=4.3,
        tags=("news", "reading"),
        license="GPL-3.0-or-later",
        permissions=("storage", "history"),
    ),
    DemoAddon(
        slug="emoji-drawer",
        guid="emoji-drawer@demo.amo.test",
        type=EXTENSION,
        name={"en-US": "Emoji Drawer", "ja": "絵文字ドロワー", "zh-CN": "表情抽屉"},
        summary={
            "en-US": "Insert emoji into any text field from a searchable "
            "drawer, with your favourites on top.",
            "ja": "検索できるドロワーから、どの入力欄にも絵文字を挿入できます。"
            "よく使う絵文字は一番上に表示されます。",
            "zh-CN": "从可搜索的抽屉中把表情插入任何输入框，常用表情显示在最上方。",
        },
        description=(
            "Press Ctrl+Period in any text field to open the drawer. Search in "
            "twelve languages, pick a skin tone once, and find the emoji you "
            "use most at the top."
        ),
        artwork=Artwork("badge", "chat", ("ffe900", "ff9f00", "5a2d00")),
        versions=(
            DemoVersion("1.0", "2018-03-12", "First release."),
            DemoVersion("2.0", "2021-06-22", "Search in twelve languages."),
            DemoVersion("2.3", "2025-07-15", "Emoji 16."),
        ),
        authors=("hana-sato", "mira-okafor"),
        categories=("social-communication",),
        android_categories=("social-communication",),
        users=156_300,
        rating=4.4,
        tags=("emoji", "keyboard", "chat"),
        license="MIT",
        permissions=("storage", "scripting", "activeTab"),
    ),
    DemoAddon(
        slug="search-switcher",
        guid="search-switcher@northwind.example.com",
        type=EXTENSION,
        name="Search Switcher",
        summary="Search the selected text on another engine from the context "
        "menu, or repeat a search elsewhere with one click.",
        description=(
            "Search Switcher adds your search engines to the context menu and "
            "puts a strip of engine buttons above search results pages, so the "
            "same query can be tried on a library catalogue, a map or an "
            "encyclopedia without retyping it."
        ),
        artwork=Artwork("hexagon", "magnifier", ("54ffbd", "008787", "15141a")),
        versions=(
            DemoVersion("1.0", "2016-02-09", "First release."),
            DemoVersion("1.7", "2020-05-26", "Engine strip above results."),
            DemoVersion("2.0", "2023-12-12", "Manifest V3."),
        ),
        authors=("northwind-labs",),
        categories=("search-tools",),
        users=92_160,
        rating=4.3,
        tags=("search", "context menu"),
        license="MPL-2.0",
        homepage="https://northwind.example.com/switcher",
        support_email="switcher@northwind.example.com",
        permissions=("contextMenus", "search", "storage"),
    ),
    DemoAddon(
        slug="clipboard-shelf",
        guid="clipboard-shelf@priya.example.com",
        type=EXTENSION,
        name="Clipboard Shelf",
        summary="Keeps the last 25 things you copied, so you can paste any of "
        "them again.",
        description=(
            "Copy as usual; Clipboard Shelf keeps a history of the text you "
            "copied in Firefox. Open the shelf with Ctrl+Shift+V to paste an "
            "older snippet, pin the ones you use often, and clear everything "
            "with one button."
        ),
        artwork=Artwork("squircle", "puzzle", ("b5007f", "4a1475", "ffffff")),
        versions=(
            DemoVersion("1.0", "2021-11-09", "First release."),
            DemoVersion("1.2", "2024-11-05", "Pinned snippets."),
        ),
        authors=("priya-raman",),
        categories=("other",),
        users=44_015,
        rating=4.0,
        tags=("clipboard", "productivity"),
        license="MIT",
        permissions=("clipboardRead", "clipboardWrite", "storage"),
    ),
    DemoAddon(
        slug="focus-timer",
        guid="focus-timer@diego.example.com",
        type=EXTENSION,
        name={
            "en-US": "Focus Timer",
            "pt-BR": "Cronômetro de Foco",
            "es-ES": "Temporizador de concentración",
            "fr": "Minuteur de concentration",
        },
        summary={
            "en-US": "Work in focused 25-minute sessions; distracting sites stay "
            "closed until the break.",
            "pt-BR": "Trabalhe em sessões de 25 minutos; os sites que distraem "
            "ficam bloqueados até o intervalo.",
            "es-ES": "Trabaja en sesiones de 25 minutos; las webs que distraen "
            "quedan bloqueadas hasta el descanso.",
            "fr": "Travaillez par sessions de 25 minutes ; les sites qui "
            "distraient restent fermés jusqu'à la pause.",
        },
        description=(
            "Start a session from the toolbar and Focus Timer counts down 25 "
            "minutes. Sites on your distraction list show a calm reminder "
            "instead of loading. After four sessions you get a longer break "
            "and a summary of the day."
        ),
        artwork=Artwork("circle", "bolt", ("ff4f5e", "8f0000", "ffffff")),
        versions=(
            DemoVersion("1.0", "2019-08-13", "First release."),
            DemoVersion("1.6", "2022-08-30", "Daily summary."),
            DemoVersion("2.0", "2025-01-21", "Manifest V3 and Android."),
        ),
        authors=("diego-ferreira",),
        categories=("other",),
        android_categories=("other",),
        users=128_770,
        rating=4.5,
        tags=("productivity", "pomodoro", "focus"),
        license="MIT",
        eula="Focus Timer is provided as is, without warranty of any kind. You "
        "may use it for any purpose, including at work, and you may not resell "
        "it.",
        permissions=("storage", "alarms", "notifications", "webNavigation"),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="clean-links",
        guid="clean-links@elena.example.com",
        type=EXTENSION,
        name={"en-US": "Clean Links", "de": "Saubere Links", "fr": "Liens propres"},
        summary={
            "en-US": "Removes tracking parameters from links before you open or "
            "share them.",
            "de": "Entfernt Tracking-Parameter aus Links, bevor Sie sie öffnen "
            "oder teilen.",
            "fr": "Supprime les paramètres de pistage des liens avant que vous "
            "les ouvriez ou les partagiez.",
        },
        description=(
            "Links often carry utm_source, fbclid and dozens of other "
            "parameters whose only job is to tell someone where you came from. "
            "Clean Links removes them when you click, copy or share a link. "
            "Redirect pages of search engines are skipped too."
        ),
        artwork=Artwork("diamond", "check", ("3fe1b0", "0060df", "ffffff")),
        versions=(
            DemoVersion("1.0", "2020-02-25", "First release."),
            DemoVersion("1.3", "2022-10-11", "Skips redirect pages."),
            DemoVersion("1.4.1", "2026-09-29", "Cleans copied links too."),
        ),
        authors=("elena-petrova",),
        categories=("privacy-security",),
        android_categories=("privacy-security",),
        users=265_092,
        rating=4.6,
        tags=("privacy", "links"),
        promoted=RECOMMENDED,
        license="MPL-2.0",
        permissions=("webRequest", "webRequestBlocking", "clipboardWrite"),
        host_permissions=("<all_urls>",),
    ),
    DemoAddon(
        slug="session-shelf",
        guid="session-shelf@kofi.example.com",
        type=EXTENSION,
        name="Session Shelf",
        summary="Save the open tabs as a named session and bring them all back later.",
        description=(
            "Working on three projects at once? Save each project's tabs as a "
            "session, close them, and restore the whole set when you return. "
            "Sessions can be exported as a list of links."
        ),
        artwork=Artwork("tag", "bookmark", ("00ddff", "5b2ab5", "ffffff")),
        versions=(
            DemoVersion("1.0", "2021-01-26", "First release."),
            DemoVersion("1.1", "2023-07-11", "Export as a list of links."),
        ),
        authors=("kofi-mensah",),
        categories=("tabs",),
        users=47_005,
        rating=4.2,
        tags=("tabs", "sessions"),
        license="MPL-2.0",
        permissions=("tabs", "storage", "sessions"),
    ),
    DemoAddon(
        slug="zoom-keeper",
        guid="zoom-keeper@priya.example.com",
        type=EXTENSION,
        name="Zoom Keeper",
        summary="Remembers the zoom level and minimum font size for each site.",
        description=(
            "Zoom Keeper lets you set a default zoom, then a different one for "
            "each site. It can also enforce a minimum font size, which makes "
            "small print readable without zooming images."
        ),
        artwork=Artwork("octagon", "magnifier", ("e0b4ff", "7542e5", "ffffff")),
        versions=(
            DemoVersion("1.0", "2018-05-15", "First release."),
            DemoVersion("1.5", "2023-01-17", "Minimum font size."),
        ),
        authors=("priya-raman",),
        categories=("appearance",),
        users=19_088,
        rating=4.4,
        tags=("accessibility", "zoom"),
        license="MIT",
        permissions=("storage", "tabs"),
    ),
    DemoAddon(
        slug="inkwell",
        guid="inkwell@demo.amo.test",
        type=EXTENSION,
        name="Inkwell",
        summary="Highlight and annotate articles, and read your notes on every "
        "device (sync needs a paid account).",
        description=(
            "Inkwell adds a highlighter to every page. Highlights and notes are "
            "saved in your browser for free; an Inkwell account syncs them to "
            "your other devices and exports them to Markdown."
        ),
        artwork=Artwork("shield", "pencil", ("54ffbd", "0b4f4a", "ffffff")),
        versions=(
            DemoVersion("5.0", "2022-05-24", "Free local highlights."),
            DemoVersion("5.2", "2025-03-04", "Markdown export."),
        ),
        authors=("northwind-labs",),
        categories=("feeds-news-blogging", "other"),
        users=6_711,
        rating=3.8,
        tags=("reading", "notes", "highlighter"),
        license="all-rights-reserved",
        requires_payment=True,
        homepage="https://inkwell.example.com/",
        support_url="https://inkwell.example.com/support",
        eula="This licence lets you install and use Inkwell on any number of "
        "devices. Sync is a paid service governed by the Inkwell terms at "
        "https://inkwell.example.com/terms. You may not reverse engineer the "
        "sync protocol.",
        privacy_policy="Without an account Inkwell stores everything in your "
        "browser. With an account, highlights and notes are sent to "
        "sync.inkwell.example.com, encrypted with a key that never leaves your "
        "devices.",
        permissions=("storage", "activeTab", "scripting"),
        host_permissions=("https://sync.inkwell.example.com/*",),
    ),
    DemoAddon(
        slug="hover-notes",
        guid="hover-notes@kofi.example.com",
        type=EXTENSION,
        name="Hover Notes",
        summary="Sticky notes that stay on the page where you left them. An "
        "experiment.",
        description=(
            "Right-click anywhere on a page and choose Add note. The note stays "
            "there the next time you visit. This is an early experiment: notes "
            "may move when a page changes its layout."
        ),
        artwork=Artwork("square", "star", ("ffe900", "e27f2e", "15141a")),
        versions=(
            DemoVersion("0.1", "2025-10-14", "Experimental first release."),
            DemoVersion("0.2", "2026-10-06", "Notes can be coloured."),
        ),
        authors=("kofi-mensah",),
        categories=("other",),
        users=38,
        rating=4.0,
        tags=("notes",),
        license="MIT",
        is_experimental=True,
        permissions=("storage", "contextMenus"),
        host_permissions=("<all_urls>",),
    ),
)
