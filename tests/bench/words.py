"""Word lists that synthetic add-on names, summaries and tags are made of.

Each language has adjectives, nouns and tool words for names, and filler
words for summaries. Chinese, Japanese and Korean join name parts without
spaces, as their add-on names do, so their searches match inside words.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    locale: str
    adjectives: tuple[str, ...]
    nouns: tuple[str, ...]
    tools: tuple[str, ...]
    fillers: tuple[str, ...]
    # What joins the words of a name or a summary.
    joiner: str = " "
    # What ends a summary sentence.
    full_stop: str = "."


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ENGLISH = Language(
    "en-US",
    _split(
        "quick simple smart dark private secure better easy tiny clean super "
        "instant custom classic modern lite ultimate advanced auto minimal "
        "colorful focused silent handy open free fast reliable portable"
    ),
    _split(
        "tab bookmark password download video image cookie translation weather "
        "news reader proxy script theme color font search shopping coupon "
        "price music podcast history session window screenshot note clipboard "
        "calendar mail feed email dictionary grammar spell privacy tracker "
        "ad popup youtube twitter github wikipedia map timer"
    ),
    _split(
        "manager blocker helper switcher saver viewer toolbar button sidebar "
        "finder tools plus pro assistant checker organizer downloader "
        "converter cleaner tracker launcher sync"
    ),
    _split(
        "the a your with for and in of to from every page pages website web "
        "browser one click fast easily all any more less without online while "
        "you browse keep save open find show hide change make see read"
    ),
)

GERMAN = Language(
    "de",
    _split(
        "schneller einfacher sicherer dunkler privater kleiner neuer bunter "
        "praktischer leiser klassischer moderner freier smarter"
    ),
    _split(
        "Tab Lesezeichen Passwort Download Video Bild Wetter Nachrichten "
        "Übersetzer Werbung Farbe Schrift Suche Einkauf Musik Verlauf Fenster "
        "Notiz Kalender Wörterbuch Rechtschreibung Datenschutz Karte Uhr"
    ),
    _split(
        "Manager Blocker Helfer Umschalter Betrachter Leiste Knopf Werkzeug "
        "Assistent Prüfer Sammler Wandler Reiniger"
    ),
    _split(
        "der die das mit für und in auf jeder Seite Webseite Browser einem "
        "Klick schnell einfach alle mehr weniger ohne beim Surfen speichern "
        "öffnen finden zeigen verbergen ändern lesen"
    ),
)

FRENCH = Language(
    "fr",
    _split(
        "rapide simple sombre privé sécurisé petit nouveau léger moderne "
        "classique libre pratique discret malin"
    ),
    _split(
        "onglet favori mot-de-passe téléchargement vidéo image météo "
        "actualités traduction publicité couleur police recherche achats "
        "musique historique fenêtre note calendrier dictionnaire orthographe "
        "carte minuteur"
    ),
    _split(
        "gestionnaire bloqueur assistant sélecteur visionneuse barre bouton "
        "outil vérificateur convertisseur nettoyeur"
    ),
    _split(
        "le la les avec pour et dans sur chaque page site navigateur un clic "
        "vite facilement tous plus moins sans en naviguant garder ouvrir "
        "trouver afficher masquer changer lire"
    ),
)

SPANISH = Language(
    "es-ES",
    _split(
        "rápido simple oscuro privado seguro pequeño nuevo ligero moderno "
        "clásico libre práctico silencioso"
    ),
    _split(
        "pestaña marcador contraseña descarga vídeo imagen tiempo noticias "
        "traducción anuncio color fuente búsqueda compras música historial "
        "ventana nota calendario diccionario ortografía mapa"
    ),
    _split(
        "gestor bloqueador ayudante selector visor barra botón herramienta "
        "asistente corrector conversor limpiador"
    ),
    _split(
        "el la los con para y en de cada página sitio navegador un clic "
        "rápido fácilmente todos más menos sin mientras navegas guardar abrir "
        "encontrar mostrar ocultar cambiar leer"
    ),
)

PORTUGUESE = Language(
    "pt-BR",
    _split("rápido simples escuro privado seguro pequeno novo leve moderno livre"),
    _split(
        "aba favorito senha download vídeo imagem clima notícias tradução "
        "anúncio cor fonte pesquisa compras música histórico janela nota "
        "calendário dicionário mapa"
    ),
    _split("gerenciador bloqueador ajudante seletor visualizador barra botão"),
    _split(
        "o a os com para e em de cada página site navegador um clique "
        "facilmente todos mais menos sem enquanto navega salvar abrir achar"
    ),
)

ITALIAN = Language(
    "it",
    _split("veloce semplice scuro privato sicuro piccolo nuovo leggero moderno"),
    _split(
        "scheda segnalibro password download video immagine meteo notizie "
        "traduzione pubblicità colore carattere ricerca musica cronologia "
        "finestra nota calendario dizionario mappa"
    ),
    _split("gestore bloccatore aiutante selettore visualizzatore barra pulsante"),
    _split(
        "il la i con per e in di ogni pagina sito browser un clic facilmente "
        "tutti più meno senza mentre navighi salvare aprire trovare"
    ),
)

POLISH = Language(
    "pl",
    _split("szybki prosty ciemny prywatny bezpieczny mały nowy lekki nowoczesny"),
    _split(
        "karta zakładka hasło pobieranie wideo obraz pogoda wiadomości "
        "tłumacz reklama kolor czcionka wyszukiwanie zakupy muzyka historia "
        "okno notatka kalendarz słownik mapa"
    ),
    _split("menedżer bloker pomocnik przełącznik przeglądarka pasek przycisk"),
    _split(
        "z dla i w na każdej stronie witrynie przeglądarce jednym kliknięciem "
        "łatwo wszystkie więcej mniej bez zapisz otwórz znajdź pokaż"
    ),
)

RUSSIAN = Language(
    "ru",
    _split(
        "быстрый простой тёмный приватный надёжный маленький новый лёгкий "
        "удобный умный бесплатный"
    ),
    _split(
        "вкладка закладка пароль загрузка видео картинка погода новости "
        "перевод реклама цвет шрифт поиск покупки музыка история окно "
        "заметка календарь словарь карта таймер"
    ),
    _split(
        "менеджер блокировщик помощник переключатель просмотрщик панель "
        "кнопка инструмент конвертер"
    ),
    _split(
        "для и в на с каждой странице сайте браузере одним кликом быстро "
        "легко все больше меньше без сохранить открыть найти показать скрыть"
    ),
)

JAPANESE = Language(
    "ja",
    _split("簡単 高速 安全 便利 軽量 快適 シンプル ダーク スマート 無料 自動"),
    _split(
        "タブ ブックマーク パスワード ダウンロード 動画 画像 天気 ニュース "
        "翻訳 広告 色 フォント 検索 買い物 音楽 履歴 ウィンドウ メモ "
        "カレンダー 辞書 地図 タイマー"
    ),
    _split("管理 ブロッカー ヘルパー 切替 ビューア ツールバー ボタン ツール 変換"),
    _split(
        "を に で と の が は ページ サイト ブラウザ ワンクリック すばやく "
        "かんたん すべて 表示 保存 検索 閲覧 変更 読む"
    ),
    joiner="",
    full_stop="。",
)

CHINESE = Language(
    "zh-CN",
    _split("简单 快速 安全 方便 轻量 智能 暗色 免费 自动 高效"),
    _split(
        "标签页 书签 密码 下载 视频 图片 天气 新闻 翻译 广告 颜色 字体 搜索 "
        "购物 音乐 历史 窗口 笔记 日历 词典 地图 计时器"
    ),
    _split("管理器 拦截器 助手 切换器 查看器 工具栏 按钮 工具 转换器"),
    _split(
        "的 在 和 与 为 每个 页面 网站 浏览器 一键 快速 轻松 全部 更多 "
        "显示 保存 查找 隐藏 更改 阅读"
    ),
    joiner="",
    full_stop="。",
)

TRADITIONAL_CHINESE = Language(
    "zh-TW",
    _split("簡單 快速 安全 方便 輕量 智慧 暗色 免費 自動"),
    _split(
        "分頁 書籤 密碼 下載 影片 圖片 天氣 新聞 翻譯 廣告 顏色 字型 搜尋 "
        "購物 音樂 歷史 視窗 筆記 日曆 字典 地圖"
    ),
    _split("管理器 攔截器 助手 切換器 檢視器 工具列 按鈕 工具"),
    _split("的 在 和 與 為 每個 頁面 網站 瀏覽器 一鍵 輕鬆 全部 顯示 儲存 尋找"),
    joiner="",
    full_stop="。",
)

KOREAN = Language(
    "ko",
    _split("간편한 빠른 안전한 편리한 가벼운 똑똑한 어두운 무료 자동"),
    _split(
        "탭 북마크 비밀번호 다운로드 동영상 이미지 날씨 뉴스 번역 광고 색상 "
        "글꼴 검색 쇼핑 음악 기록 창 메모 달력 사전 지도 타이머"
    ),
    _split("관리자 차단기 도우미 전환기 뷰어 도구모음 버튼 도구 변환기"),
    _split(
        "모든 페이지 사이트 브라우저 한번 클릭 빠르게 쉽게 더 보기 저장 "
        "찾기 숨기기 변경 읽기"
    ),
)

LANGUAGES = {
    language.locale: language
    for language in (
        ENGLISH,
        GERMAN,
        FRENCH,
        SPANISH,
        PORTUGUESE,
        ITALIAN,
        POLISH,
        RUSSIAN,
        JAPANESE,
        CHINESE,
        TRADITIONAL_CHINESE,
        KOREAN,
    )
}

# Default locales of synthetic add-ons, with weights: English dominates, as
# on addons.mozilla.org, followed by the largest other communities.
LOCALE_WEIGHTS = {
    "en-US": 52,
    "de": 8,
    "fr": 6,
    "es-ES": 5,
    "ru": 6,
    "ja": 5,
    "zh-CN": 6,
    "pt-BR": 4,
    "pl": 3,
    "it": 2,
    "ko": 2,
    "zh-TW": 1,
}

FIRST_NAMES = _split(
    "Anna Ben Chloé Daniel Emma Felix Giulia Hiro Ines Jonas Kenji Lena Marco "
    "Nina Oscar Paula Quentin Rosa Sven Tomás Ulla Viktor Wei Xavier Yuki Zofia "
    "Ahmed Bruno Carmen Dmitri Elif Farid Greta Hana Igor Julia Karim Louise "
    "Mateo Nadia Olga Pedro Rahul Sofia Tariq Vera Yusuf Zhang"
)
LAST_NAMES = _split(
    "Müller Smith García Rossi Dubois Kowalski Ivanov Tanaka Kim Wang Silva "
    "Novak Jensen Nowak Petrov Sato Lee Chen Santos Moreau Schmidt Brown Lopez "
    "Bianchi Laurent Lewandowski Popov Suzuki Park Liu Costa Horvat Nielsen "
    "Fischer Taylor Martin Romano Leroy Wójcik Smirnov Yamamoto Choi Zhao"
)
