// Shows the offers of the current result page on a map, when the installation configured a
// tile service. The list above works without it; the map is an addition, not a replacement.
(function () {
  function draw() {
    const element = document.getElementById("offer-map");
    if (!element || element.dataset.ready || typeof L === "undefined") {
      return;
    }
    element.dataset.ready = "1";
    const points = JSON.parse(element.dataset.points || "[]");
    const map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution, maxZoom: 18 }).addTo(map);
    const markers = points.map(function (point) {
      const link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.title;
      return L.marker([point.lat, point.lon], { title: point.title, alt: point.title }).bindPopup(link);
    });
    if (markers.length) {
      const group = L.featureGroup(markers).addTo(map);
      map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 15 });
    } else {
      element.hidden = true;
    }
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
