/* The Projects Map and a project's small map, drawn with Leaflet from our own static files.

   The page says what to draw in data attributes built from the same filters as the page:
   #projects-map  data-map-url (the API's map data of the filtered projects: points, or
                  clusters made on the server when there are many),
                  data-boundaries-url (district boundaries and the partnership's outline),
                  data-tile-url / data-tile-attribution (optional background tiles);
   #project-map   data-lat, data-lon, data-title, data-status, data-letter, data-boundaries-url.
   No background tiles unless configured. Nothing here sets a style attribute in markup: the
   Content Security Policy forbids inline styles, and every look is a class in localgrowth.css.
   When the markers are drawn, the map element gets data-marker-count (how many projects the
   map represents, clustered or not), data-clustered and data-state="ready" (or "error"). */
(function () {
  "use strict";

  var SELEP_CENTRE = [51.45, 0.6];

  function escapeHtml(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error("Could not load " + url + ": " + response.status);
        }
        return response.json();
      }
    );
  }

  function newMap(element, options) {
    var map = L.map(element, Object.assign({ attributionControl: false, zoomSnap: 0.5, minZoom: 6, maxZoom: 16 }, options));
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.control.attribution({ prefix: false }).addTo(map);
      L.tileLayer(tiles, { attribution: escapeHtml(element.getAttribute("data-tile-attribution")) }).addTo(map);
    }
    return map;
  }

  function drawBoundaries(map, url) {
    if (!url) {
      return Promise.resolve(null);
    }
    return fetchJson(url).then(function (data) {
      var layer = L.geoJSON(data, {
        interactive: false,
        style: function (feature) {
          return { className: "lg-map__boundary lg-map__boundary--" + feature.properties.kind };
        },
      }).addTo(map);
      layer.bringToBack();
      return layer;
    });
  }

  function statusIcon(status, letter, extra) {
    return L.divIcon({
      className: "lg-marker lg-status lg-status--" + status + (extra || ""),
      html: '<span aria-hidden="true">' + escapeHtml(letter) + "</span>",
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -14],
    });
  }

  var LETTERS = { pipeline: "P", approved: "A", in_delivery: "D", completed: "C", withdrawn: "W" };

  function popupHtml(p) {
    var grant = p.grant ? "£" + Number(p.grant).toLocaleString("en-GB") : "not recorded";
    return (
      '<p class="govuk-body-s govuk-!-margin-bottom-1"><a class="govuk-link" href="' +
      escapeHtml(p.url) + '">' + escapeHtml(p.title) + "</a></p>" +
      '<p class="govuk-body-s govuk-!-margin-bottom-0">' + escapeHtml(p.status_label) +
      " · " + escapeHtml(p.fund_name) + " · grant " + escapeHtml(grant) + "</p>"
    );
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? "small" : n < 50 ? "medium" : "large";
    return L.divIcon({
      className: "lg-cluster lg-cluster--" + size,
      html: "<span>" + n + '<span class="govuk-visually-hidden"> projects: zoom in</span></span>',
      iconSize: [40, 40],
    });
  }

  function projectMarker(feature) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var marker = L.marker([c[1], c[0]], {
      icon: statusIcon(p.status, LETTERS[p.status] || "?"),
      title: p.title + " (" + p.status_label + ")",
      alt: p.title,
      riseOnHover: true,
    });
    marker.bindPopup(popupHtml(p));
    return marker;
  }

  var STATUS_WORDS = {
    pipeline: "pipeline", approved: "approved", in_delivery: "in delivery",
    completed: "completed", withdrawn: "withdrawn", unknown: "status unknown",
  };

  function number(n) {
    return Number(n).toLocaleString("en-GB");
  }

  /* A cluster made on the server: a circle with its count, its statuses in words as the
     marker's title and in hidden text, and a click (or Enter) that zooms in on it. */
  function serverCluster(map, feature) {
    var p = feature.properties;
    var c = feature.geometry.coordinates;
    var size = p.count < 100 ? "small" : p.count < 1000 ? "medium" : "large";
    var statuses = Object.keys(p.statuses).map(function (code) {
      return number(p.statuses[code]) + " " + (STATUS_WORDS[code] || code);
    }).join(", ");
    var words = number(p.count) + " projects (" + statuses + "): zoom in";
    var marker = L.marker([c[1], c[0]], {
      icon: L.divIcon({
        className: "lg-cluster lg-cluster--server lg-cluster--" + size,
        html: "<span>" + number(p.count) + '<span class="govuk-visually-hidden"> ' +
          escapeHtml(words.slice(number(p.count).length)) + "</span></span>",
        iconSize: [48, 48],
      }),
      title: words,
      alt: words,
    });
    marker.on("click", function () {
      map.setView(marker.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
    });
    return marker;
  }

  function statusLine(element) {
    var line = document.getElementById("projects-map-status");
    if (!line) {
      line = document.createElement("p");
      line.id = "projects-map-status";
      line.className = "govuk-body-s lg-map__status";
      line.setAttribute("role", "status");
      element.parentNode.parentNode.insertBefore(line, element.parentNode.nextSibling);
    }
    return line;
  }

  function viewQuery(map, withBox) {
    var query = "&zoom=" + Math.round(map.getZoom());
    if (withBox) {
      var b = map.getBounds();
      var box = [
        Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
        Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90),
      ].map(function (v) { return v.toFixed(5); });
      query += "&bbox=" + box.join(",");
    }
    return query;
  }

  /* The map asks the server for the projects in view: points (drawn, and clustered in the
     browser, by markercluster) when few, else the server's clusters, asked for again whenever
     the view moves or zooms. data-marker-count is how many projects the map represents. */
  function drawProjects(element) {
    var map = newMap(element, { center: SELEP_CENTRE, zoom: 8 });
    var clusters = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      maxClusterRadius: 60,
    });
    var groups = L.layerGroup();
    var url = element.getAttribute("data-map-url");
    var asked = 0;

    function draw(data) {
      clusters.clearLayers();
      groups.clearLayers();
      var located = data.features.filter(function (feature) { return feature.geometry; });
      if (data.clustered) {
        located.forEach(function (feature) { groups.addLayer(serverCluster(map, feature)); });
        statusLine(element).textContent = "The map groups these " + number(data.count) +
          " projects in " + number(located.length) + " circles, each with its number of " +
          "projects: zoom in to see them one by one. The table below lists every project.";
      } else {
        clusters.addLayers(located.map(projectMarker));
        var line = document.getElementById("projects-map-status");
        if (line) {
          line.textContent = "";
        }
      }
      element.setAttribute("data-clustered", data.clustered ? "true" : "false");
      element.setAttribute("data-marker-count", String(data.clustered ? data.count : located.length));
      return located.length;
    }

    function ask(withBox) {
      var mine = ++asked;
      return fetchJson(url + viewQuery(map, withBox)).then(function (data) {
        if (mine === asked) {
          draw(data);
        }
        return data;
      });
    }

    var boundaries = drawBoundaries(map, element.getAttribute("data-boundaries-url"));
    var projects = ask(false);
    map.addLayer(clusters);
    map.addLayer(groups);
    Promise.all([boundaries, projects])
      .then(function (results) {
        var outline = results[0];
        var data = results[1];
        if (data.clustered) {
          var b = data.bounds;
          map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [20, 20], maxZoom: 12 });
          map.on("moveend", function () { ask(true); });
          return ask(true);
        }
        if (data.count > 0) {
          map.fitBounds(clusters.getBounds(), { padding: [20, 20], maxZoom: 12 });
        } else if (outline) {
          map.fitBounds(outline.getBounds());
        }
        return data;
      })
      .then(function () {
        element.setAttribute("data-state", "ready");
      })
      .catch(function (error) {
        element.setAttribute("data-state", "error");
        var message = document.createElement("p");
        message.className = "govuk-body lg-map__error";
        message.textContent = "The map could not be drawn. The table below lists the same projects.";
        element.parentNode.insertBefore(message, element);
        window.console.warn(error);
      });
  }

  function drawProject(element) {
    var lat = parseFloat(element.getAttribute("data-lat"));
    var lon = parseFloat(element.getAttribute("data-lon"));
    var map = newMap(element, { center: [lat, lon], zoom: 10 });
    L.marker([lat, lon], {
      icon: statusIcon(element.getAttribute("data-status"), element.getAttribute("data-letter")),
      title: element.getAttribute("data-title"),
      keyboard: false,
    }).addTo(map);
    drawBoundaries(map, element.getAttribute("data-boundaries-url"))
      .then(function () {
        element.setAttribute("data-marker-count", "1");
        element.setAttribute("data-state", "ready");
      })
      .catch(function (error) {
        element.setAttribute("data-state", "error");
        window.console.warn(error);
      });
  }

  var all = document.getElementById("projects-map");
  if (all && window.L) {
    drawProjects(all);
  }
  var one = document.getElementById("project-map");
  if (one && window.L) {
    drawProject(one);
  }
})();
