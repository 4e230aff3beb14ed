"""Demo language packs for Firefox, one per language, written for amo.

A language pack's version is the Firefox version it translates, and its
release date is that Firefox's, so each supports exactly one Firefox.
"""

from amo.catalogue.demo.schema import Artwork, DemoAddon, DemoVersion
from amo.core.constants import AddonType

LANGUAGE = AddonType.LANGUAGE

# Firefox versions and the dates they were released (estimates for 2026).
RELEASES = {
    "115.0": "2023-07-04",
    "128.0": "2024-07-09",
    "140.0": "2025-06-24",
    "153.0": "2026-06-23",
    "158.0": "2026-11-10",
}


def _versions(notes: dict[str, str], *numbers: str) -> tuple[DemoVersion, ...]:
    return tuple(DemoVersion(number, RELEASES[number], notes) for number in numbers)


ADDONS = (
    DemoAddon(
        slug="sprachpaket-deutsch",
        guid="langpack-de@demo.amo.test",
        type=LANGUAGE,
        default_locale="de",
        target_locale="de",
        name={"de": "Deutsch (de) Sprachpaket", "en-US": "German (de) Language Pack"},
        summary={
            "de": "Firefox auf Deutsch: Menüs, Einstellungen und Meldungen.",
            "en-US": "Firefox in German: menus, settings and messages.",
        },
        description={
            "de": "Übersetzt die gesamte Benutzeroberfläche von Firefox ins "
            "Deutsche. Wählen Sie nach der Installation unter Einstellungen → "
            "Allgemein → Sprache „Deutsch“.",
            "en-US": "Translates the whole Firefox interface into German. "
            "After installing, pick German under Settings → General → "
            "Language.",
        },
        artwork=Artwork("squircle", "De", ("15141a", "d70022", "ffd567")),
        versions=_versions(
            {
                "de": "Für die neue Firefox-Version aktualisiert.",
                "en-US": "Updated for the new Firefox version.",
            },
            "128.0",
            "140.0",
            "153.0",
            "158.0",
        ),
        authors=("lukas-brenner",),
        categories=("general",),
        users=88_140,
        rating=4.5,
        tags=("german", "language pack"),
    ),
    DemoAddon(
        slug="paquet-langue-francais",
        guid="langpack-fr@demo.amo.test",
        type=LANGUAGE,
        default_locale="fr",
        target_locale="fr",
        name={
            "fr": "Français (fr) Paquet de langue",
            "en-US": "French (fr) Language Pack",
        },
        summary={
            "fr": "Firefox en français : menus, paramètres et messages.",
            "en-US": "Firefox in French: menus, settings and messages.",
        },
        description={
            "fr": "Traduit toute l'interface de Firefox en français. Après "
            "l'installation, choisissez « Français » dans Paramètres → Général "
            "→ Langue.",
            "en-US": "Translates the whole Firefox interface into French.",
        },
        artwork=Artwork("squircle", "Fr", ("0250bb", "ff4f5e", "ffffff")),
        versions=_versions(
            {
                "fr": "Mis à jour pour la nouvelle version de Firefox.",
                "en-US": "Updated for the new Firefox version.",
            },
            "115.0",
            "128.0",
            "140.0",
            "158.0",
        ),
        authors=("camille-roux",),
        categories=("general",),
        users=61_030,
        rating=4.6,
        tags=("french", "language pack"),
    ),
    DemoAddon(
        slug="nihongo-gengo-pakku",
        guid="langpack-ja@demo.amo.test",
        type=LANGUAGE,
        default_locale="ja",
        target_locale="ja",
        name={"ja": "日本語 (ja) 言語パック", "en-US": "Japanese (ja) Language Pack"},
        summary={
            "ja": "Firefox のメニュー、設定、メッセージを日本語で表示します。",
            "en-US": "Firefox in Japanese: menus, settings and messages.",
        },
        description={
            "ja": "Firefox のユーザーインターフェース全体を日本語に翻訳します。"
            "インストール後、設定 → 一般 → 言語 で「日本語」を選んでください。",
            "en-US": "Translates the whole Firefox interface into Japanese.",
        },
        artwork=Artwork("circle", "Ja", ("ffffff", "ffd0d8", "d70022")),
        versions=_versions(
            {
                "ja": "新しい Firefox に合わせて更新しました。",
                "en-US": "Updated for the new Firefox version.",
            },
            "140.0",
            "153.0",
            "158.0",
        ),
        authors=("hana-sato",),
        categories=("general",),
        users=47_260,
        rating=4.7,
        tags=("japanese", "language pack"),
    ),
    DemoAddon(
        slug="huzmat-allugha-alarabiya",
        guid="langpack-ar@demo.amo.test",
        type=LANGUAGE,
        default_locale="ar",
        target_locale="ar",
        name={"ar": "حزمة اللغة العربية (ar)", "en-US": "Arabic (ar) Language Pack"},
        summary={
            "ar": "فَيَرفُكس بالعربية: القوائم والإعدادات والرسائل، من اليمين إلى اليسار.",
            "en-US": "Firefox in Arabic: menus, settings and messages, right to left.",
        },
        description={
            "ar": "تترجم هذه الحزمة واجهة فَيَرفُكس كاملة إلى العربية. بعد "
            "التثبيت اختر «العربية» من الإعدادات ← عام ← اللغة.",
            "en-US": "Translates the whole Firefox interface into Arabic.",
        },
        artwork=Artwork("hexagon", "Ar", ("058b00", "15141a", "ffffff")),
        versions=_versions(
            {
                "ar": "تحديث للإصدار الجديد من فَيَرفُكس.",
                "en-US": "Updated for the new Firefox version.",
            },
            "128.0",
            "140.0",
            "158.0",
        ),
        authors=("omar-haddad",),
        categories=("general",),
        users=12_880,
        rating=4.4,
        tags=("arabic", "language pack", "rtl"),
    ),
    DemoAddon(
        slug="zhongwen-yuyanbao",
        guid="langpack-zh-CN@demo.amo.test",
        type=LANGUAGE,
        default_locale="zh-CN",
        target_locale="zh-CN",
        name={
            "zh-CN": "简体中文 (zh-CN) 语言包",
            "en-US": "Chinese (Simplified) (zh-CN) Language Pack",
        },
        summary={
            "zh-CN": "以简体中文显示 Firefox 的菜单、设置和提示信息。",
            "en-US": "Firefox in Simplified Chinese: menus, settings and messages.",
        },
        description={
            "zh-CN": "将 Firefox 的整个界面翻译为简体中文。安装后，请在 设置 → "
            "常规 → 语言 中选择“简体中文”。",
            "en-US": "Translates the whole Firefox interface into Simplified Chinese.",
        },
        artwork=Artwork("octagon", "Zh", ("d70022", "7a0010", "ffd567")),
        versions=_versions(
            {
                "zh-CN": "已针对新版 Firefox 更新。",
                "en-US": "Updated for the new Firefox version.",
            },
            "115.0",
            "140.0",
            "153.0",
            "158.0",
        ),
        authors=("wei-zhang",),
        categories=("general",),
        users=73_590,
        rating=4.6,
        tags=("chinese", "language pack"),
    ),
    DemoAddon(
        slug="pacote-idioma-portugues-brasil",
        guid="langpack-pt-BR@demo.amo.test",
        type=LANGUAGE,
        default_locale="pt-BR",
        target_locale="pt-BR",
        name={
            "pt-BR": "Português (do Brasil) (pt-BR) Pacote de idioma",
            "en-US": "Portuguese (Brazil) (pt-BR) Language Pack",
        },
        summary={
            "pt-BR": "Firefox em português do Brasil: menus, configurações e "
            "mensagens.",
            "en-US": "Firefox in Brazilian Portuguese: menus, settings and messages.",
        },
        description={
            "pt-BR": "Traduz toda a interface do Firefox para o português do "
            "Brasil. Depois de instalar, escolha “Português (do Brasil)” em "
            "Configurações → Geral → Idioma.",
            "en-US": "Translates the whole Firefox interface into Brazilian "
            "Portuguese.",
        },
        artwork=Artwork("diamond", "Pt", ("058b00", "ffe900", "0250bb")),
        versions=_versions(
            {
                "pt-BR": "Atualizado para a nova versão do Firefox.",
                "en-US": "Updated for the new Firefox version.",
            },
            "140.0",
            "158.0",
        ),
        authors=("diego-ferreira",),
        categories=("general",),
        users=39_415,
        rating=4.5,
        tags=("portuguese", "language pack"),
    ),
)
