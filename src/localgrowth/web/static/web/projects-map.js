/* The Projects Map and a project's small map, drawn with Leaflet from our own static files.

   The page says what to draw in data attributes built from the same filters as the page:
   #projects-map  data-geojson-url (the API's GeoJSON of the filtered projects),
                  data-boundaries-url (district boundaries and the partnership's outline),
                  data-tile-url / data-tile-attribution (optional background tiles);
   #project-map   data-lat, data-lon, data-title, data-status, data-letter, data-boundaries-url.
   No background tiles unless configured. Nothing here sets a style attribute in markup: the
   Content Security Policy forbids inline styles, and every look is a class in localgrowth.css.
   When the markers are drawn, the map element gets data-marker-count (how many) and
   data-state="ready" (or "error"). */
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

  function drawProjects(element) {
    var map = newMap(element, { center: SELEP_CENTRE, zoom: 8 });
    var clusters = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      maxClusterRadius: 60,
    });
    var boundaries = drawBoundaries(map, element.getAttribute("data-boundaries-url"));
    var projects = fetchJson(element.getAttribute("data-geojson-url")).then(function (data) {
      var markers = [];
      data.features.forEach(function (feature) {
        if (!feature.geometry) {
          return;
        }
        var p = feature.properties;
        var c = feature.geometry.coordinates;
        var marker = L.marker([c[1], c[0]], {
          icon: statusIcon(p.status, LETTERS[p.status] || "?"),
          title: p.title + " (" + p.status_label + ")",
          alt: p.title,
          riseOnHover: true,
        });
        marker.bindPopup(popupHtml(p));
        markers.push(marker);
      });
      clusters.addLayers(markers);
      map.addLayer(clusters);
      return markers.length;
    });
    Promise.all([boundaries, projects])
      .then(function (results) {
        var outline = results[0];
        var count = results[1];
        if (count > 0) {
          map.fitBounds(clusters.getBounds(), { padding: [20, 20], maxZoom: 12 });
        } else if (outline) {
          map.fitBounds(outline.getBounds());
        }
        element.setAttribute("data-marker-count", String(count));
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
