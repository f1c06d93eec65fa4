// Draws the dashboard's charts from the data the page embeds with json_script: each target's data points, the
// forecast to its deadline (dashed) and the target line; and the lifecycle funnel. The text and tables beside
// them hold the same figures, so a reader without JavaScript (or a screen reader) misses nothing.
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var labels = read("chart-labels") || {};
  var data = read("dashboard-data");
  if (!data || !window.echarts) return;
  function formatNumber(value) {
    if (value === null || value === undefined) return "–";
    var parts = String(Math.round(value * 100) / 100).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, labels.thousands || ",");
    return parts.join(labels.decimal || ".");
  }
  function draw(node, option) {
    var chart = window.echarts.init(node, null, { renderer: "svg" });
    option.animation = false;  // drawn at once: the page is read, not watched
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var colours = { on_track: "#198754", at_risk: "#fd7e14", off_track: "#dc3545", met: "#146c43", missed: "#842029", cannot_tell: "#6c757d" };

  data.targets.forEach(function (target) {
    var node = document.getElementById("target-chart-" + target.id);
    if (!node) return;
    var unit = target.unit === "%" ? "%" : (target.unit === "count" ? "" : target.unit);
    var targetLine = [{ yAxis: target.target, name: labels.target }];
    if (target.target_high !== null) targetLine.push({ yAxis: target.target_high, name: labels.target });
    var series = [
      {
        name: labels.data,
        type: "line",
        data: target.points,
        symbolSize: 8,
        color: "#0b4f6c",
        markLine: { symbol: "none", label: { formatter: labels.target + " {c}" }, lineStyle: { color: "#dc3545", type: "solid" }, data: targetLine }
      }
    ];
    if (target.forecast.length) {
      series.push({ name: labels.forecast, type: "line", data: target.forecast, symbolSize: 8, lineStyle: { type: "dashed" }, color: colours[target.status] || "#6c757d" });
    }
    if (target.milestones.length) {
      series.push({ name: labels.milestone, type: "scatter", data: target.milestones, symbol: "diamond", symbolSize: 12, color: "#6610f2" });
    }
    // The axis reaches the target line (a count of 0 against a target of 3 still shows the line).
    var top = Math.max(target.target, target.target_high || 0);
    var max = unit === "%" ? 100 : function (extent) { return Math.ceil(Math.max(extent.max, top) * 1.1); };
    draw(node, {
      tooltip: { trigger: "axis", valueFormatter: formatNumber },
      legend: { top: 0 },
      grid: { left: 55, right: 75, top: 40, bottom: 30 },
      xAxis: { type: "time", min: target.from, max: target.to },
      yAxis: { type: "value", name: unit, min: 0, max: max, minInterval: target.unit === "count" ? 1 : 0, axisLabel: { formatter: formatNumber } },
      series: series
    });
  });

  var funnel = document.getElementById("funnel-chart");
  if (funnel && data.funnel) {
    draw(funnel, {
      tooltip: { trigger: "axis", valueFormatter: formatNumber },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.funnel.labels },
      yAxis: [
        { type: "value", name: labels.zones, minInterval: 1 },
        { type: "value", name: "ha", axisLabel: { formatter: formatNumber } }
      ],
      series: [
        { name: labels.zones, type: "bar", data: data.funnel.zones, color: "#0b4f6c" },
        { name: labels.area, type: "bar", yAxisIndex: 1, data: data.funnel.area, color: "#adb5bd" }
      ]
    });
  }
})();
