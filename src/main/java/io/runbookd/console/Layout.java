package io.runbookd.console;

/** The frame of every console page: head, navigation, who is signed in, the kill-switch banner. */
final class Layout {
  /** The sections of the navigation. */
  enum Section {
    INCIDENTS("/", "Incidents"),
    RUNBOOKS("/console/runbooks", "Runbooks"),
    STATUS("/console/status", "Status"),
    NONE("", "");

    final String href;
    final String label;

    Section(String href, String label) {
      this.href = href;
      this.label = label;
    }
  }

  private final Assets assets;

  Layout(Assets assets) {
    this.assets = assets;
  }

  String page(String title, Section current, Viewer viewer, KillSwitch killSwitch, Html main) {
    Html html = head(title);
    html.open("body");
    html.link("#main", "Skip to content", "class", "skip");
    html.open("header", "class", "top");
    html.link("/", "runbookd", "class", "brand");
    nav(html, current);
    who(html, viewer, killSwitch);
    html.close("header");
    killSwitch.banner(html, viewer);
    html.open("main", "id", "main", "tabindex", "-1").append(main).close("main");
    return html.close("body").close("html").toString();
  }

  /** A page for someone not signed in: no navigation, no banner. */
  String bare(String title, Html main) {
    Html html = head(title);
    html.open("body").open("header", "class", "top").el("span", "runbookd", "class", "brand").close("header");
    html.open("main", "id", "main").append(main).close("main");
    return html.close("body").close("html").toString();
  }

  private Html head(String title) {
    Html html = new Html();
    html.open("!doctype html").open("html", "lang", "en").open("head");
    html.open("meta", "charset", "utf-8");
    html.open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
    html.el("title", title + " · runbookd");
    html.open("link", "rel", "stylesheet", "href", assets.href("console.css"));
    html.open("link", "rel", "icon", "type", "image/svg+xml", "href", assets.href("favicon.svg"));
    html.open("script", "src", assets.href("console.js"), "defer", "").close("script");
    return html.close("head");
  }

  private static void nav(Html html, Layout.Section current) {
    html.open("nav", "aria-label", "Console").open("ul");
    for (Section s : Section.values()) {
      if (s != Section.NONE) {
        html.open("li").link(s.href, s.label, "aria-current", s == current ? "page" : null).close("li");
      }
    }
    html.close("ul").close("nav");
  }

  private static void who(Html html, Viewer viewer, KillSwitch killSwitch) {
    html.open("div", "class", "who").el("span", viewer.label(), "class", "viewer");
    if (viewer.mayDecide() && !killSwitch.paused()) {
      html.link("/console/pause", "Pause all actions…", "class", "button danger");
    }
    if (viewer.session().isPresent()) {
      html.open("form", "method", "post", "action", "/console/sign-out", "class", "inline");
      csrf(html, viewer);
      html.el("button", "Sign out", "type", "submit").close("form");
    }
    html.close("div");
  }

  /** The hidden CSRF field every state-changing form carries. */
  static void csrf(Html html, Viewer viewer) {
    viewer.csrf().ifPresent(token -> html.open("input", "type", "hidden", "name", "csrf", "value", token));
  }
}
