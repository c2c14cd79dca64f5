/* The web edition's only script: the random-hack button, the search page and the page
   for a missing address. Every page works without it: the button is then a link to all
   hacks, and the search page says where to browse instead. Nothing here loads anything from elsewhere, and nothing from
   the content is ever inserted as HTML: text goes in as text. */
(function () {
  "use strict";

  var root = document.documentElement.getAttribute("data-root") || "";

  function pageOf(name) {
    return root + "hacks/" + encodeURIComponent(name) + "/index.html";
  }

  /* The random-hack button: the link to all hacks becomes a button that opens one hack
     at random, from the list the build wrote into the page. */
  var list = document.getElementById("list-of-hacks");
  if (list) {
    var hacks = JSON.parse(list.textContent);
    var links = document.querySelectorAll("a.random-hack");
    Array.prototype.forEach.call(links, function (link) {
      if (!hacks.length) {
        return;
      }
      link.textContent = link.getAttribute("data-random-label");
      link.setAttribute("role", "button");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.location.href = pageOf(hacks[Math.floor(Math.random() * hacks.length)]);
      });
      link.addEventListener("keydown", function (event) {
        if (event.key === " ") {  // a button answers the space bar too
          event.preventDefault();
          link.click();
        }
      });
    });
  }

  /* The page for a missing address (404.html): its search box starts with the words of
     the address that was not found (/hacks/make-bathrooms-safer/ -> make bathrooms
     safer), as text. */
  var missing = document.querySelector("input[data-from-address]");
  if (missing) {
    var name = window.location.pathname.split("/").filter(function (piece) {
      return piece && !/^index\.html?$/.test(piece);
    }).pop() || "";
    try {
      name = decodeURIComponent(name);
    } catch (error) {
      name = "";
    }
    missing.value = name.replace(/\.html?$/, "").replace(/[-_+.]+/g, " ").trim().slice(0, 80);
  }

  /* Search, with Pagefind's index in pagefind/ (loaded only on the search page). */
  var form = document.getElementById("search-form");
  if (!form) {
    return;
  }
  var input = document.getElementById("search-words");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var pagefind = null;
  var latest = 0;

  /* Where the index cannot be read (a page opened from the disk, where the browser lets
     no page fetch a file), the list of every hack in the page is filtered instead: each
     word typed must be in a hack's number, title, summary, tags or text. The texts come
     in a classic script (assets/hack-texts.js), which a page opened from the disk may
     load; each hack found by its text shows where, the words marked. */
  var offline = false;
  var titles = Array.prototype.map.call(
    document.querySelectorAll("#search-titles > li"), function (item) {
      return { item: item, name: item.getAttribute("data-name"), text: "",
               words: fold(item.getAttribute("data-words") || "") };
    });

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, "\"");
  }

  /* A few words around the first place the text has `word` (folded), that word marked:
     text nodes and one <mark>, nothing parsed. Folding keeps each letter where it was
     for the texts of this guide (accents are dropped from letters, not added). */
  function around(text, word) {
    var at = fold(text).indexOf(word);
    if (at < 0 || fold(text).length !== text.length) {
      return null;
    }
    var paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 60)) + 1);
    var end = text.indexOf(" ", Math.min(text.length, at + word.length + 60));
    end = end < 0 ? text.length : end;
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + word.length);
    paragraph.appendChild(document.createTextNode((start ? "\u2026" : "") + text.slice(start, at)));
    paragraph.appendChild(mark);
    paragraph.appendChild(document.createTextNode(text.slice(at + word.length, end) +
                                                  (end < text.length ? "\u2026" : "")));
    return paragraph;
  }

  function filter(words) {
    var wanted = fold(words).split(/\s+/).filter(Boolean);
    var shown = 0;
    titles.forEach(function (title) {
      var text = fold(title.text);
      var inText = null;
      var match = wanted.every(function (word) {
        if (title.words.indexOf(word) >= 0) { return true; }
        if (text.indexOf(word) >= 0) { inText = inText || word; return true; }
        return false;
      });
      var old = title.item.querySelector(".search-excerpt");
      if (old) { old.remove(); }
      var where = match && inText ? around(title.text, inText) : null;
      if (where) {
        title.item.appendChild(where);
      }
      title.item.hidden = !match;
      shown += match ? 1 : 0;
    });
    status.textContent = !wanted.length
      ? "All " + titles.length + " hacks; type to narrow the list."
      : shown === 0
        ? "No hack has \u201c" + words.trim() + "\u201d."
        : shown + (shown === 1 ? " hack has " : " hacks have ") + "\u201c" + words.trim() +
          "\u201d.";
  }

  function unavailable() {
    offline = true;
    results.textContent = "";
    document.getElementById("search-offline").hidden = false;
    filter(input.value);
    if (window.spaceHacksTexts === undefined) {
      var script = document.createElement("script");
      script.src = root + "assets/hack-texts.js";
      script.addEventListener("load", function () {
        var texts = window.spaceHacksTexts || {};
        titles.forEach(function (title) {
          title.text = Object.prototype.hasOwnProperty.call(texts, title.name)
            ? String(texts[title.name]) : "";
        });
        filter(input.value);
      });
      document.head.appendChild(script);
    }
  }

  function load() {
    if (!pagefind) {
      var bundle = new URL(root + "pagefind/pagefind.js", document.baseURI).href;
      pagefind = import(bundle).then(function (module) {
        return module.options({ baseUrl: "/" }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  /* Pagefind's excerpt marks the words found with <mark>; everything else in it is
     text, put in as text. A textarea reads what it is given as text only (entities
     decoded, no element made, nothing run), spaces kept. */
  var decoder = document.createElement("textarea");
  function decode(piece) {
    decoder.innerHTML = piece;
    return decoder.value;
  }

  function excerpt(html) {
    var paragraph = document.createElement("p");
    html.split(/(<mark>|<\/mark>)/).reduce(function (marked, piece) {
      if (piece === "<mark>") { return true; }
      if (piece === "</mark>") { return false; }
      var words = decode(piece);
      var node = marked ? document.createElement("mark") : null;
      if (node) {
        node.textContent = words;
        paragraph.appendChild(node);
      } else {
        paragraph.appendChild(document.createTextNode(words));
      }
      return marked;
    }, false);
    return paragraph;
  }

  var SHOWN = 20;  // results on the page; the status line says how many there are

  function show(found, total, words) {
    results.textContent = "";
    found.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + data.url.replace(/^\//, "");
      link.textContent = (data.meta && data.meta.title) || data.url;
      item.appendChild(link);
      item.appendChild(excerpt(data.excerpt || ""));
      results.appendChild(item);
    });
    status.textContent = total === 0
      ? "Nothing found for \u201c" + words + "\u201d. Try fewer or other words."
      : total + (total === 1 ? " page" : " pages") + " found for \u201c" + words +
        "\u201d" + (total > found.length ? "; the first " + found.length + " are shown." : ".");
  }

  function search(words) {
    if (offline) {
      filter(words);
      return;
    }
    var ticket = ++latest;
    words = words.trim();
    if (!words) {
      results.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = "Searching\u2026";
    load().then(function (module) {
      return module.search(words);
    }).then(function (answer) {
      return Promise.all(answer.results.slice(0, SHOWN).map(function (result) {
        return result.data();
      })).then(function (found) {
        return { found: found, total: answer.results.length };
      });
    }).then(function (answer) {
      if (ticket === latest) {
        show(answer.found, answer.total, words);
      }
    }).catch(unavailable);
  }

  var typing = 0;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);  // the search typing would start runs now, not a moment later
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (error) {
      /* opened from the disk: the address cannot change, the search still runs */
    }
    search(input.value);
  });
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { search(input.value); }, 300);
  });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
  }
  if (window.location.protocol === "file:") {
    unavailable();
  } else if (asked) {
    search(asked);
  }
})();
