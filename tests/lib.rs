//! Shared set-up for the workspace's end-to-end tests: a private X display, `tauri-driver`,
//! and a WebDriver session on the real desktop binary, with helpers that wait for conditions
//! (never for fixed times) and save screenshots.

#[path = "faults/common.rs"]
pub mod faults;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::{Value, json};

/// How long any single expected condition may take before the test fails with a message.
pub const WAIT: Duration = Duration::from_secs(30);

/// A child process started in a process group of its own, and killed with everything it
/// started when dropped, so a test leaves nothing running: tauri-driver starts WebKitWebDriver,
/// which outlived it when only tauri-driver was killed.
#[derive(Debug)]
struct Owned(Child);

impl Owned {
    fn spawn(command: &mut Command) -> std::io::Result<Self> {
        use std::os::unix::process::CommandExt;
        command.process_group(0).spawn().map(Self)
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // The group's id is the leader's pid.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.0.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private Xvfb display for one test.
#[derive(Debug)]
pub struct Display {
    number: u32,
    process: Option<Owned>,
}

impl Drop for Display {
    /// Xvfb is killed outright, so it cannot remove its lock and socket: this does, once it
    /// has exited, so a run leaves no display number taken.
    fn drop(&mut self) {
        drop(self.process.take());
        remove_display_files(self.number);
    }
}

fn remove_display_files(number: u32) {
    let _ = std::fs::remove_file(format!("/tmp/.X{number}-lock"));
    let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{number}"));
}

impl Display {
    /// Starts Xvfb on the first free display number from 90 and waits for its socket.
    pub fn start(width: u32, height: u32) -> Result<Self> {
        let number = (90..400)
            .find(|n| {
                // A lock left by an Xvfb that is gone (killed before it could clean up) does not
                // hold its number: its files are removed and the number used.
                if let Some(pid) = std::fs::read_to_string(format!("/tmp/.X{n}-lock"))
                    .ok()
                    .and_then(|text| text.trim().parse::<u32>().ok())
                    && !Path::new(&format!("/proc/{pid}")).exists()
                {
                    remove_display_files(*n);
                }
                !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                    && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            })
            .ok_or_else(|| anyhow!("no free X display number between :90 and :399"))?;
        let process = Owned::spawn(
            Command::new("Xvfb")
                .arg(format!(":{number}"))
                .args([
                    "-screen",
                    "0",
                    &format!("{width}x{height}x24"),
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .context("starting Xvfb (run scripts/setup.sh to install it)")?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        wait_until(Duration::from_secs(10), || socket.exists())
            .with_context(|| format!("Xvfb did not open display :{number}"))?;
        Ok(Self {
            number,
            process: Some(process),
        })
    }

    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

/// `tauri-driver` listening on a free loopback port, on the given display.
#[derive(Debug)]
pub struct Driver {
    port: u16,
    _process: Owned,
}

impl Driver {
    /// Starts tauri-driver (which starts WebKitWebDriver) with `env` for the app it launches.
    pub async fn start(display: &Display, env: &[(&str, &str)]) -> Result<Self> {
        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new(tauri_driver_path());
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", display.name())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let process = Owned::spawn(&mut command)
            .context("starting tauri-driver (run scripts/setup.sh to install it)")?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if status_answers(port).await {
                break;
            }
            if Instant::now() > deadline {
                bail!("tauri-driver did not answer on port {port} within 20 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(Self {
            port,
            _process: process,
        })
    }

    /// Opens the desktop app with these command-line arguments and returns the session.
    pub async fn open_app(&self, args: &[&str]) -> Result<Window> {
        let binary = desktop_binary()?;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": binary.to_string_lossy(), "args": args }),
        );
        let mut builder = ClientBuilder::rustls().context("TLS roots for the WebDriver client")?;
        builder.capabilities(capabilities);
        let address = format!("http://127.0.0.1:{}", self.port);
        let connecting = builder.connect(&address);
        // An app that exits before its window opens leaves the session request unanswered:
        // fail with what it was given instead of waiting for ever.
        let client = tokio::time::timeout(APP_START, connecting)
            .await
            .map_err(|_| {
                anyhow!(
                    "the app did not open a window within {} s with {args:?}; it may have exited at start (see its error output)",
                    APP_START.as_secs()
                )
            })?
            .context("opening a WebDriver session on the app")?;
        Ok(Window { client })
    }
}

/// How long an app may take to open its window (a first demo start sets up a whole team).
const APP_START: Duration = Duration::from_secs(300);

async fn status_answers(port: u16) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else {
        return false;
    };
    let request = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut answer)).await;
    matches!(read, Ok(Ok(_))) && answer.starts_with(b"HTTP/1.1 200")
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn tauri_driver_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return path.into();
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// The desktop binary built beside this test binary (`<target>/debug/insideout-desktop`).
pub fn desktop_binary() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("INSIDEOUT_DESKTOP_BIN") {
        return Ok(path.into());
    }
    let test_binary = std::env::current_exe()?;
    let profile_dir = test_binary.parent().and_then(Path::parent).ok_or_else(|| {
        anyhow!(
            "cannot find the target directory from {}",
            test_binary.display()
        )
    })?;
    let binary = profile_dir.join("insideout-desktop");
    if !binary.exists() {
        bail!(
            "{} is missing: build the UI and the app first (`npm run build` in ui/, then \
             `cargo build -p insideout-desktop`), or run scripts/test.sh",
            binary.display()
        );
    }
    Ok(binary)
}

/// Where screenshots go: `artifacts/screenshots/<run>/` at the workspace root.
pub fn screenshot_dir(run: &str) -> Result<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../artifacts/screenshots")
        .join(run);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn wait_until(limit: Duration, mut ready: impl FnMut() -> bool) -> Result<()> {
    let deadline = Instant::now() + limit;
    while !ready() {
        if Instant::now() > deadline {
            bail!("gave up after {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// A WebDriver session on the app's window, with helpers that name what they waited for.
#[derive(Debug)]
pub struct Window {
    pub client: Client,
}

impl Window {
    /// Waits for an element with this id to be in the page and displayed.
    pub async fn id(&self, id: &str) -> Result<Element> {
        self.css(&format!("#{}", css_escape(id))).await
    }

    /// Waits for the first element matching `selector` to be displayed.
    pub async fn css(&self, selector: &str) -> Result<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await
                && element.is_displayed().await.unwrap_or(false)
            {
                return Ok(element);
            }
            if Instant::now() > deadline {
                bail!(
                    "`{selector}` did not appear within {} s on {}",
                    WAIT.as_secs(),
                    self.where_am_i().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until no displayed element matches `selector`.
    pub async fn gone(&self, selector: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let shown = match self.client.find(Locator::Css(selector)).await {
                Ok(element) => element.is_displayed().await.unwrap_or(false),
                Err(_) => false,
            };
            if !shown {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "`{selector}` was still shown after {} s on {}",
                    WAIT.as_secs(),
                    self.where_am_i().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the element with this id shows text containing `expected`; returns the text.
    pub async fn text_contains(&self, id: &str, expected: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Id(id)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(expected) {
                    return Ok(text);
                }
                last = text;
            }
            if Instant::now() > deadline {
                bail!(
                    "#{id} never contained {expected:?} within {} s; last text: {last:?}",
                    WAIT.as_secs()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn click(&self, id: &str) -> Result<()> {
        let element = self.id(id).await?;
        self.scroll_into_view(&element).await?;
        element
            .click()
            .await
            .with_context(|| format!("clicking #{id}"))
    }

    /// Clicks the first displayed element matching `selector`.
    pub async fn click_css(&self, selector: &str) -> Result<()> {
        let element = self.css(selector).await?;
        self.scroll_into_view(&element).await?;
        element
            .click()
            .await
            .with_context(|| format!("clicking {selector}"))
    }

    /// Types into a field key by key, as a person would (each keystroke fires its events).
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let element = self.id(id).await?;
        self.scroll_into_view(&element).await?;
        element
            .send_keys(text)
            .await
            .with_context(|| format!("typing into #{id}"))
    }

    /// Goes to a section of the app from the header, as a person would: on a phone the sections
    /// are behind Menu, which is opened first.
    pub async fn nav(&self, section: &str) -> Result<()> {
        let behind_menu = self
            .js("const t = document.getElementById('menu-toggle');
                 return t !== null && t.offsetParent !== null && t.getAttribute('aria-expanded') !== 'true';")
            .await?
            == Value::Bool(true);
        if behind_menu {
            self.click("menu-toggle").await?;
        }
        self.click(&format!("nav-{section}")).await
    }

    /// Types a date (`2025-03-27`), a date and time (`2025-03-27T18:30`) or a month (`2025-03`)
    /// into a date input's separate fields as a person would: the day, month and year as plain
    /// numbers ("27", "3", "2025") and the time as "18:30". Each field is emptied first; an empty
    /// `value` leaves them all empty.
    pub async fn type_date(&self, id: &str, value: &str) -> Result<()> {
        let (date, time) = value.split_once('T').unwrap_or((value, ""));
        let numbers: Vec<String> = date
            .split('-')
            .map(|n| n.trim_start_matches('0').to_owned())
            .collect();
        let fields: Vec<(String, &str)> = match numbers.as_slice() {
            [year, month, day] => vec![
                (id.to_owned(), day.as_str()),
                (format!("{id}-month"), month.as_str()),
                (format!("{id}-year"), year.as_str()),
            ],
            [year, month] => vec![
                (id.to_owned(), month.as_str()),
                (format!("{id}-year"), year.as_str()),
            ],
            _ if value.is_empty() => vec![
                (id.to_owned(), ""),
                (format!("{id}-month"), ""),
                (format!("{id}-year"), ""),
            ],
            _ => return Err(anyhow!("{value} is not a date for #{id}")),
        };
        for (field, text) in fields {
            self.set_value(&field, "").await?;
            if !text.is_empty() {
                self.type_into(&field, text).await?;
            }
        }
        let has_time = self
            .js(&format!(
                "return document.getElementById('{id}-time') !== null;"
            ))
            .await?
            == Value::Bool(true);
        if has_time {
            let field = format!("{id}-time");
            self.set_value(&field, "").await?;
            if !time.is_empty() {
                self.type_into(&field, time).await?;
            }
        }
        Ok(())
    }

    /// What a date input's fields hold, written as [`Window::type_date`] takes it
    /// (`2025-03-27T18:30`); empty when nothing is typed in any of them.
    pub async fn date_value(&self, id: &str) -> Result<String> {
        let script = format!(
            "const v = (s) => document.getElementById('{id}' + s)?.value.trim() ?? '';
             const two = (n) => n.length === 1 ? '0' + n : n;
             const [day, month, year, time] = [v(''), v('-month'), v('-year'), v('-time')];
             if (!day && !month && !year && !time) return '';
             const date = year + '-' + two(month) + '-' + two(day);
             return document.getElementById('{id}-time') ? date + 'T' + time : date;"
        );
        match self.js(&script).await? {
            Value::String(s) => Ok(s),
            other => Err(anyhow!("#{id} is not a date input: {other}")),
        }
    }

    /// Sets a field's value at once and fires `input` and `change` (for selects, and for
    /// emptying a field before typing).
    pub async fn set_value(&self, id: &str, value: &str) -> Result<()> {
        let element = self.id(id).await?;
        let script = "const el = arguments[0];
            const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
              : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
            Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            el.dispatchEvent(new Event('change', { bubbles: true }));";
        self.client
            .execute(script, vec![serde_json::to_value(&element)?, json!(value)])
            .await
            .with_context(|| format!("setting #{id}"))?;
        Ok(())
    }

    /// Presses keys on the keyboard, as a person would, wherever the focus is: each character
    /// of `keys` down and up in turn (special keys from [`fantoccini::key::Key`]).
    pub async fn keys(&self, keys: &str) -> Result<()> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for c in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Waits until `#id` has the focus: a form that moves the focus to its first field once
    /// drawn also scrolls the page, and a click sent before that lands where the page was.
    pub async fn wait_focus(&self, id: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.focused().await? == id {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "the focus never moved to #{id}; it is on {:?}",
                    self.focused().await.unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses Tab until `#id` has the focus; fails if the keyboard cannot reach it.
    pub async fn tab_to(&self, id: &str) -> Result<()> {
        self.tab_until("id", id)
            .await
            .with_context(|| format!("#{id} cannot be reached with the Tab key"))
    }

    /// Presses Tab until a radio of the group `name` has the focus (Tab stops once per group).
    pub async fn tab_to_group(&self, name: &str) -> Result<()> {
        self.tab_until("name", name)
            .await
            .with_context(|| format!("the {name} choices cannot be reached with the Tab key"))
    }

    /// Presses Tab until the focused element's `property` is `value`.
    async fn tab_until(&self, property: &str, value: &str) -> Result<()> {
        // The target must be on the page before the walk starts: tabbing through a page that
        // is still being replaced (after a click that navigates) runs off its end, and the focus
        // then leaves the web view and never comes back.
        self.css(&format!("[{property}=\"{}\"]", css_escape(value)))
            .await
            .with_context(|| format!("waiting for {property} {value:?} before tabbing to it"))?;
        let tab = char::from(fantoccini::key::Key::Tab).to_string();
        for _ in 0..120 {
            if self.focused_property(property).await? == value {
                return Ok(());
            }
            self.keys(&tab).await?;
        }
        bail!(
            "the focus never reached {property} {value:?}: it is on {:?}, on {}",
            self.focused().await.unwrap_or_default(),
            self.where_am_i().await
        )
    }

    /// The id of the element that has the focus ("" for none).
    pub async fn focused(&self) -> Result<String> {
        self.focused_property("id").await
    }

    async fn focused_property(&self, property: &str) -> Result<String> {
        let value = self
            .client
            .execute(
                "const el = document.activeElement; return el ? String(el[arguments[0]] || '') : '';",
                vec![json!(property)],
            )
            .await?;
        Ok(value.as_str().unwrap_or_default().to_owned())
    }

    /// Sets the value of the first element matching `selector`, as [`Self::set_value`] does.
    pub async fn set_value_css(&self, selector: &str, value: &str) -> Result<()> {
        let id = self
            .css(selector)
            .await?
            .attr("id")
            .await?
            .ok_or_else(|| anyhow!("{selector} has no id"))?;
        self.set_value(&id, value).await
    }

    pub async fn value(&self, id: &str) -> Result<String> {
        Ok(self.id(id).await?.prop("value").await?.unwrap_or_default())
    }

    pub async fn scroll_into_view(&self, element: &Element) -> Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(element)?],
            )
            .await?;
        Ok(())
    }

    /// Runs a script and returns its value.
    pub async fn js(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// The page's path, for error messages and assertions.
    pub async fn path(&self) -> Result<String> {
        Ok(self
            .js("return location.pathname;")
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Waits until the page's path satisfies `check`; returns it.
    pub async fn path_matches(&self, what: &str, check: impl Fn(&str) -> bool) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let path = self.path().await.unwrap_or_default();
            if check(&path) {
                return Ok(path);
            }
            if Instant::now() > deadline {
                bail!("the page never became {what}; still at {path}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn where_am_i(&self) -> String {
        let path = self.path().await.unwrap_or_else(|_| "?".into());
        let heading = match self.client.find(Locator::Css("h1")).await {
            Ok(h1) => h1.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        format!("{path} (heading {heading:?})")
    }

    /// The size of the page's viewport in CSS pixels.
    pub async fn viewport(&self) -> Result<(u64, u64)> {
        let size = self
            .js("return [window.innerWidth, window.innerHeight];")
            .await?;
        let width = size[0].as_u64().ok_or_else(|| anyhow!("no innerWidth"))?;
        let height = size[1].as_u64().ok_or_else(|| anyhow!("no innerHeight"))?;
        Ok((width, height))
    }

    /// Saves a screenshot of the window as `<dir>/<name>.png`, checking it is a PNG.
    pub async fn screenshot(&self, dir: &Path, name: &str) -> Result<PathBuf> {
        let png = self
            .client
            .screenshot()
            .await
            .context("taking a screenshot")?;
        if !png.starts_with(b"\x89PNG") {
            bail!("the screenshot of {name} is not a PNG");
        }
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Whether the page scrolls sideways (content wider than the window).
    /// The elements that stick out past the right edge of the page (up to five, innermost
    /// first), when the page scrolls sideways; empty when it does not.
    pub async fn sideways_overflow(&self) -> Result<Vec<String>> {
        let value = self
            .js(r##"
                const root = document.documentElement;
                if (root.scrollWidth <= root.clientWidth + 1) return [];
                const out = [];
                for (const el of Array.from(document.body.querySelectorAll("*")).reverse()) {
                    const r = el.getBoundingClientRect();
                    if (r.right > root.clientWidth + 1 && out.length < 5) {
                        out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} right=${Math.round(r.right)}`);
                    }
                }
                return out.length > 0 ? out : [`scrollWidth ${root.scrollWidth} > ${root.clientWidth}`];
            "##)
            .await?;
        Ok(value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// WCAG 2.2 A and AA violations of serious or critical impact on the page as it is now,
    /// found by axe-core (from the UI's npm dependencies) run inside the window. Each is one
    /// line: the rule, what it asks for, and up to three elements that break it.
    pub async fn accessibility_violations(&self) -> Result<Vec<String>> {
        let loaded = self.js("return typeof window.axe === 'object';").await?;
        if loaded.as_bool() != Some(true) {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../ui/node_modules/axe-core/axe.min.js");
            let source = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "axe-core is missing at {}: run `npm ci` in ui/",
                    path.display()
                )
            })?;
            self.client.execute(&source, vec![]).await?;
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe
                   .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] })
                   .then((r) => done(r.violations
                     .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                     .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)))
                   .catch((e) => done([`axe failed: ${e}`]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

fn css_escape(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}
