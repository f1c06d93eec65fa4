// Draws the occupancy charts from the data the page embeds with json_script. The tables beside them hold
// the same figures, so a reader without JavaScript (or a screen reader) misses nothing.
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var labels = read("chart-labels") || {};
  function formatNumber(value) {
    if (value === null || value === undefined) return "–";
    var parts = String(Math.round(value * 100) / 100).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, labels.thousands || ",");
    return parts.join(labels.decimal || ".");
  }
  function draw(id, option) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) return;
    var chart = window.echarts.init(node, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var zone = read("occupancy-data");
  if (zone) {
    var series = [{ name: labels.rate, type: "line", yAxisIndex: 1, data: zone.rate, symbolSize: 10, lineStyle: { width: 3 }, color: "#0b4f6c" }];
    var hasAreas = zone.leased.some(function (v) { return v !== null; }) || zone.industrial.some(function (v) { return v !== null; });
    if (hasAreas) {
      series.unshift(
        { name: labels.industrial, type: "bar", data: zone.industrial, color: "#adb5bd" },
        { name: labels.leased, type: "bar", data: zone.leased, color: "#198754" }
      );
    }
    draw("occupancy-chart", {
      tooltip: { trigger: "axis", valueFormatter: formatNumber },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 30 },
      xAxis: { type: "category", data: zone.dates },
      yAxis: [
        { type: "value", name: "ha", show: hasAreas, axisLabel: { formatter: formatNumber } },
        { type: "value", name: "%", min: 0, max: 100, axisLabel: { formatter: formatNumber } }
      ],
      series: series
    });
  }

  var province = read("province-data");
  if (province) {
    draw("province-chart", {
      tooltip: { trigger: "axis", valueFormatter: formatNumber },
      grid: { left: 50, right: 20, top: 20, bottom: 90 },
      xAxis: { type: "category", data: province.names, axisLabel: { rotate: 35, interval: 0, width: 140, overflow: "truncate" } },
      yAxis: { type: "value", name: "%", min: 0, max: 100, axisLabel: { formatter: formatNumber } },
      series: [{ name: labels.rate, type: "bar", data: province.rate, color: "#198754" }]
    });
  }
})();
