// A site's position: click the map or drag the marker, and the latitude and longitude fields follow; typing in the
// fields moves the marker. The form posts the fields.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const box = document.getElementById("site-map");
  if (!box || typeof L === "undefined") { return; }
  const lat = document.querySelector("[data-lat-input]");
  const lng = document.querySelector("[data-lng-input]");
  const start = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lng)];
  const map = L.map(box).setView(start, 15);
  L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
  const marker = L.marker(start, { draggable: true, keyboard: true, title: box.getAttribute("aria-label") }).addTo(map);
  function show(point) {
    lat.value = point.lat.toFixed(6);
    lng.value = point.lng.toFixed(6);
  }
  marker.on("dragend", function () { show(marker.getLatLng()); });
  map.on("click", function (event) { marker.setLatLng(event.latlng); show(event.latlng); });
  function typed() {
    const point = [parseFloat(lat.value), parseFloat(lng.value)];
    if (!isNaN(point[0]) && !isNaN(point[1])) { marker.setLatLng(point); map.panTo(point); }
  }
  lat.addEventListener("change", typed);
  lng.addEventListener("change", typed);
});
