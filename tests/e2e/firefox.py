"""Debian's Firefox ESR for the tests: a profile, the process and Marionette.

`start_firefox` runs `firefox-esr -headless` with a fresh profile in a
folder of the test's own, which is also the process's HOME and TMPDIR, so
Firefox writes nowhere else. The profile's user.js points the add-on update
checks at a local amo and turns off every service that would reach
Mozilla's or Google's servers. MOZ_LOG records each host name that Firefox
resolves, IP literals included, so a test can check that Firefox connected
to nothing but 127.0.0.1.

Tests drive Firefox through Marionette, its remote protocol: each message
is `<length>:<JSON>`, a command is `[0, id, name, parameters]` and its
response `[1, id, error, result]`. The `marionette_driver` package from
PyPI is not used, because its dependency mozinfo 1.2.3 fails to import
under this project's warnings-as-errors setting.
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIREFOX = Path("/usr/bin/firefox-esr")
# The query that Firefox fills in for each add-on, as addons.mozilla.org's
# update URL has it (the extensions.update.url preference).
UPDATE_QUERY = (
    "reqVersion=%REQ_VERSION%&id=%ITEM_ID%&version=%ITEM_VERSION%"
    "&maxAppVersion=%ITEM_MAXAPPVERSION%&status=%ITEM_STATUS%&appID=%APP_ID%"
    "&appVersion=%APP_VERSION%&appOS=%APP_OS%&appABI=%APP_ABI%"
    "&locale=%APP_LOCALE%&currentAppVersion=%CURRENT_APP_VERSION%"
    "&updateType=%UPDATE_TYPE%&compatMode=%COMPATIBILITY_MODE%"
)
# Host names that Firefox may resolve: those of the local test servers.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Seconds Firefox may take to open its Marionette port, and to quit.
START_TIMEOUT = 30.0
QUIT_TIMEOUT = 15.0
# Seconds one Marionette command may take, a script included.
COMMAND_TIMEOUT = 30.0

# Preferences that keep Firefox off the network: each service that would
# contact Mozilla or Google on its own gets an empty or local URL, or is
# switched off. The list follows the defaults of Firefox ESR 153
# (greprefs.js and browser/defaults/preferences/firefox.js in omni.ja).
OFFLINE_PREFS: dict[str, bool | int | str] = {
    # Application updates (Debian also locks app.update.enabled off).
    "app.update.enabled": False,
    "app.update.auto": False,
    "app.update.disabledForTesting": True,
    # Remote settings, which the blocklist, Nimbus experiments, CRLite,
    # search configuration and others sync from. Release and ESR builds
    # ignore this preference unless MOZ_REMOTE_SETTINGS_DEVTOOLS=1 is set,
    # as start_firefox does.
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "extensions.blocklist.enabled": False,
    "app.normandy.enabled": False,
    "app.normandy.api_url": "",
    "app.shield.optoutstudies.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    # Telemetry, health report, Glean and crash reports.
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.usage.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False,
    "toolkit.telemetry.archive.enabled": False,
    "toolkit.telemetry.server": "",
    "toolkit.telemetry.newProfilePing.enabled": False,
    "toolkit.telemetry.firstShutdownPing.enabled": False,
    "toolkit.telemetry.shutdownPingSender.enabled": False,
    "toolkit.telemetry.updatePing.enabled": False,
    "toolkit.telemetry.bhrPing.enabled": False,
    "toolkit.telemetry.dap.leader.url": "",
    "toolkit.telemetry.dap.helper.url": "",
    "toolkit.coverage.opt-out": True,
    "toolkit.coverage.endpoint.base": "",
    "browser.crashReports.unsubmittedCheck.enabled": False,
    "breakpad.reportURL": "",
    # Connectivity and captive-portal probes, DNS over HTTPS, OCSP, and
    # the speculative connections and prefetches.
    "network.captive-portal-service.enabled": False,
    "captivedetect.canonicalURL": "",
    "network.connectivity-service.enabled": False,
    "network.connectivity-service.IPv4.url": "",
    "network.connectivity-service.IPv6.url": "",
    "network.trr.mode": 5,
    "network.proxy.type": 0,
    "security.OCSP.enabled": 0,
    "security.remote_settings.crlite_filters.enabled": False,
    "security.remote_settings.intermediates.enabled": False,
    "security.certerrors.mitm.priming.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.predictor.enabled": False,
    "network.http.speculative-parallel-limit": 0,
    "browser.urlbar.speculativeConnect.enabled": False,
    "browser.places.speculativeConnect.enabled": False,
    # Safe Browsing lists and lookups.
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.downloads.remote.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "browser.safebrowsing.provider.google.updateURL": "",
    "browser.safebrowsing.provider.google.gethashURL": "",
    "browser.safebrowsing.provider.google4.updateURL": "",
    "browser.safebrowsing.provider.google4.gethashURL": "",
    "browser.safebrowsing.provider.google5.updateURL": "",
    "browser.safebrowsing.provider.google5.gethashURL": "",
    "browser.safebrowsing.provider.mozilla.gethashURL": "",
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    # Start page, new tab page and their sponsored and remote content.
    "browser.startup.page": 0,
    "browser.startup.homepage": "about:blank",
    "browser.startup.homepage_override.mstone": "ignore",
    "startup.homepage_welcome_url": "about:blank",
    "startup.homepage_welcome_url.additional": "",
    "browser.aboutwelcome.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.newtabpage.enabled": False,
    "browser.newtabpage.activity-stream.feeds.topsites": False,
    "browser.newtabpage.activity-stream.feeds.section.topstories": False,
    "browser.newtabpage.activity-stream.feeds.system.topstories": False,
    "browser.newtabpage.activity-stream.feeds.telemetry": False,
    "browser.newtabpage.activity-stream.telemetry": False,
    "browser.newtabpage.activity-stream.discoverystream.enabled": False,
    "browser.newtabpage.activity-stream.showSponsored": False,
    "browser.newtabpage.activity-stream.showSponsoredTopSites": False,
    "browser.newtabpage.trainhopAddon.xpiBaseURL": "",
    "browser.topsites.contile.enabled": False,
    "browser.topsites.contile.endpoint": "",
    "browser.topsites.useRemoteSetting": False,
    # Search, region and location services.
    "browser.search.update": False,
    "browser.search.suggest.enabled": False,
    "browser.urlbar.quicksuggest.enabled": False,
    "browser.urlbar.merino.endpointURL": "",
    "browser.region.update.enabled": False,
    "browser.region.network.url": "",
    "geo.provider.network.url": "",
    # Add-on services of addons.mozilla.org other than the update check:
    # metadata, recommendations and system add-on updates.
    "extensions.getAddons.cache.enabled": False,
    "extensions.getAddons.get.url": "",
    "extensions.getAddons.discovery.api_url": "",
    "extensions.getAddons.langpacks.url": "",
    "extensions.getAddons.browserMappings.url": "",
    "extensions.htmlaboutaddons.recommendations.enabled": False,
    "browser.discovery.enabled": False,
    "extensions.systemAddon.update.enabled": False,
    "extensions.systemAddon.update.url": "",
    # Plugins (OpenH264, Widevine) and their update service.
    "media.gmp-manager.updateEnabled": False,
    "media.gmp-manager.url": "",
    "media.gmp-gmpopenh264.enabled": False,
    "media.gmp-widevinecdm.enabled": False,
    # Accounts, push, tours, machine-learning models and other services.
    "identity.fxaccounts.enabled": False,
    "identity.fxaccounts.remote.root": "",
    "identity.fxaccounts.auth.uri": "",
    "identity.sync.tokenserver.uri": "",
    "dom.push.connection.enabled": False,
    "dom.push.serverURL": "",
    "browser.uitour.enabled": False,
    "browser.ml.enable": False,
    "browser.ml.modelHubRootUrl": "",
    "browser.translations.enable": False,
    "extensions.pocket.enabled": False,
    "browser.ipProtection.enabled": False,
    "browser.ping-centre.telemetry": False,
}


# Installs the package at `url` and checks it against `hash`, as the Add-ons
# Manager does for a click on an install button. Resolves to the add-on's
# id and version, or to the install's error code.
INSTALL_SCRIPT = """
const [url, hash] = arguments;
const { AddonManager } = ChromeUtils.importESModule(
  "resource://gre/modules/AddonManager.sys.mjs"
);
return (async () => {
  const install = await AddonManager.getInstallForURL(url, {
    hash,
    telemetryInfo: { source: "amo" },
  });
  try {
    const addon = await install.install();
    return { id: addon.id, version: addon.version, error: null };
  } catch (error) {
    return { id: null, version: null, error: `${error} (code ${install.error})` };
  }
})();
"""

# Asks the add-on's update URL for a newer version, as "Check for Updates"
# in about:addons does, and installs the update it finds. Resolves to the
# installed version, the installed file's path, the update check's status
# and the HTTP requests that Firefox made meanwhile.
UPDATE_SCRIPT = """
const [id] = arguments;
const { AddonManager } = ChromeUtils.importESModule(
  "resource://gre/modules/AddonManager.sys.mjs"
);
return (async () => {
  const requests = [];
  const observer = {
    observe(subject) {
      const channel = subject.QueryInterface(Ci.nsIHttpChannel);
      requests.push({ url: channel.URI.spec, status: channel.responseStatus });
    },
  };
  Services.obs.addObserver(observer, "http-on-examine-response");
  try {
    const addon = await AddonManager.getAddonByID(id);
    const found = await new Promise(resolve => {
      let install = null;
      addon.findUpdates(
        {
          onUpdateAvailable(_addon, update) {
            install = update;
          },
          onUpdateFinished(_addon, status) {
            resolve({ install, status });
          },
        },
        AddonManager.UPDATE_WHEN_USER_REQUESTED
      );
    });
    let error = null;
    if (found.install) {
      try {
        await found.install.install();
      } catch (failure) {
        error = `${failure} (code ${found.install.error})`;
      }
    }
    const current = await AddonManager.getAddonByID(id);
    let uri = current.getResourceURI();
    if (uri instanceof Ci.nsIJARURI) {
      uri = uri.JARFile;
    }
    return {
      found: found.install !== null,
      status: found.status,
      error,
      version: current.version,
      path: uri.QueryInterface(Ci.nsIFileURL).file.path,
      requests,
    };
  } finally {
    Services.obs.removeObserver(observer, "http-on-examine-response");
  }
})();
"""


def amo_prefs(server_url: str) -> dict[str, bool | int | str]:
    """Return the preferences that make Firefox take add-ons from amo.

    amo does not sign packages, and Firefox ESR, unlike release builds,
    honours xpinstall.signatures.required=false. The update security
    check stays on: amo's manifest carries update_hash, and that is what
    lets Firefox accept an update_link over plain HTTP.
    """
    update_url = f"{server_url}/update/VersionCheck.php?{UPDATE_QUERY}"
    return {
        "xpinstall.signatures.required": False,
        "extensions.update.enabled": True,
        "extensions.update.url": update_url,
        "extensions.update.background.url": update_url,
        # Updates are installed by the test, not by the background check.
        "extensions.update.autoUpdateDefault": False,
        "extensions.checkUpdateSecurity": True,
        # %APP_LOCALE% would be "en-US-posix" under the C locale.
        "intl.locale.requested": "en-US",
        # Marionette picks a free port and writes it to the profile.
        "marionette.port": 0,
    }


def write_user_js(profile: Path, prefs: dict[str, bool | int | str]) -> None:
    lines = [
        f"user_pref({json.dumps(name)}, {json.dumps(value)});"
        for name, value in prefs.items()
    ]
    (profile / "user.js").write_text("\n".join(lines) + "\n")


class MarionetteError(Exception):
    """A Marionette command that returned an error."""


class Marionette:
    """A client of Marionette's wire protocol, enough to run chrome scripts."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(
            ("127.0.0.1", port), timeout=COMMAND_TIMEOUT
        )
        self.buffer = b""
        self.last_id = 0
        greeting = self._receive()
        if greeting.get("marionetteProtocol") != 3:
            raise MarionetteError(f"unexpected Marionette greeting: {greeting!r}")

    def _receive(self) -> Any:
        while b":" not in self.buffer:
            self._read_more()
        length, _, self.buffer = self.buffer.partition(b":")
        size = int(length)
        while len(self.buffer) < size:
            self._read_more()
        message, self.buffer = self.buffer[:size], self.buffer[size:]
        return json.loads(message)

    def _read_more(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise MarionetteError("Firefox closed the Marionette connection")
        self.buffer += chunk

    def command(self, name: str, parameters: dict[str, Any] | None = None) -> Any:
        """Send command `name` and return its result, or raise
        MarionetteError."""
        self.last_id += 1
        data = json.dumps([0, self.last_id, name, parameters or {}]).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            message = self._receive()
            # Responses to earlier commands that timed out are skipped.
            if message[0] == 1 and message[1] == self.last_id:
                break
        error, result = message[2], message[3]
        if error:
            raise MarionetteError(
                f"{name} failed: {error.get('error')}: {error.get('message')}\n"
                f"{error.get('stacktrace', '')}"
            )
        return result

    def close(self) -> None:
        self.sock.close()


@dataclass
class Firefox:
    process: subprocess.Popen[bytes]
    folder: Path
    profile: Path
    marionette: Marionette

    def run_chrome_script(self, script: str, *args: Any) -> Any:
        """Run `script` in the browser's chrome context and return its value.

        The script gets `args` as `arguments` and may return a promise,
        which Marionette awaits.
        """
        result = self.marionette.command(
            "WebDriver:ExecuteScript", {"script": script, "args": list(args)}
        )
        return result["value"]

    def output(self) -> str:
        return (self.folder / "firefox.log").read_text(errors="replace")

    def resolved_hosts(self) -> set[str]:
        """Return every host name that Firefox's processes resolved."""
        hosts: set[str] = set()
        for path in self.folder.glob("moz.log*"):
            text = path.read_text(errors="replace")
            hosts.update(re.findall(r"Resolving host \[([^\]]*)\]", text))
        return hosts


def _wait_for_port_file(process: subprocess.Popen[bytes], path: Path, log: Path) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"firefox-esr exited with status {process.returncode} before "
                f"opening Marionette:\n{log.read_text(errors='replace')}"
            )
        if path.exists() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(0.05)
    raise TimeoutError(
        f"firefox-esr did not open Marionette within {START_TIMEOUT:g}s:\n"
        f"{log.read_text(errors='replace')}"
    )


def _stop(process: subprocess.Popen[bytes], *, quitting: bool) -> None:
    """Wait for Firefox to exit, asking it with SIGTERM unless it is already
    quitting, then kill its process group if it is still running.

    Firefox runs in a session of its own, so the group contains Firefox, its
    content processes and its crash helper, and nothing of the test's.
    """
    if not quitting:
        process.terminate()
    try:
        process.wait(timeout=QUIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def start_firefox(
    folder: Path, prefs: dict[str, bool | int | str]
) -> Iterator[Firefox]:
    """Run headless Firefox ESR with a new profile in `folder` and `prefs`,
    with a Marionette session in the chrome context; quit it at the end."""
    profile = folder / "profile"
    profile.mkdir(parents=True)
    write_user_js(profile, prefs)
    log_path = folder / "firefox.log"
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "TMPDIR": str(folder),
        "LANG": "C.UTF-8",
        "MOZ_HEADLESS": "1",
        "MOZ_CRASHREPORTER_DISABLE": "1",
        "MOZ_REMOTE_SETTINGS_DEVTOOLS": "1",
        # Each resolution logs "Resolving host [name]". With `sync` the
        # lines are written at once, so the log is complete while Firefox
        # runs.
        "MOZ_LOG": "timestamp,sync,nsHostResolver:4",
        "MOZ_LOG_FILE": str(folder / "moz.log"),
    }
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                str(FIREFOX),
                "-headless",
                "-no-remote",
                "-profile",
                str(profile),
                "--marionette",
                # Without it, Firefox ESR 153 rejects the chrome context.
                "-remote-allow-system-access",
            ],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    marionette = None
    try:
        port = _wait_for_port_file(process, profile / "MarionetteActivePort", log_path)
        marionette = Marionette(port)
        marionette.command("WebDriver:NewSession", {"capabilities": {}})
        marionette.command("Marionette:SetContext", {"value": "chrome"})
        yield Firefox(process, folder, profile, marionette)
    finally:
        quitting = False
        if marionette is not None:
            with contextlib.suppress(MarionetteError, OSError):
                marionette.command("Marionette:Quit", {"flags": ["eForceQuit"]})
                quitting = True
            marionette.close()
        _stop(process, quitting=quitting)
