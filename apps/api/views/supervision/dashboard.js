/* global document, window, echarts */
// 督办看板: draws the charts of /supervision from the JSON block the page carries (no inline script:
// the content security policy allows scripts from this site only). Each chart says when it is drawn
// (data-rendered), so that a browser test can wait for it.
(function () {
  'use strict';

  var COLORS = { red: '#b3261e', yellow: '#d99a00', green: '#1b7f3b' };
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif';

  function ready(fn) {
    if (document.readyState !== 'loading') fn();
    else document.addEventListener('DOMContentLoaded', fn);
  }

  function options(name, data) {
    var text = { fontFamily: FONT };
    switch (name) {
      case 'onTime':
        return {
          textStyle: text,
          grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return v === null || v === undefined ? '—' : v + '%'; } },
          xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          yAxis: { type: 'category', inverse: true, data: data.units, axisLabel: { width: 150, overflow: 'truncate' } },
          series: [{
            type: 'bar',
            name: '按时办复率',
            data: data.values.map(function (v, i) { return { value: v, itemStyle: { color: COLORS[data.colors[i]] || '#1f4e8c' } }; }),
            label: { show: true, position: 'right', formatter: function (p) { return p.value === null || p.value === undefined ? '—' : p.value + '%'; } },
          }],
        };
      case 'results':
        return {
          textStyle: text,
          tooltip: { trigger: 'item', formatter: '{b}：{c}件（{d}%）' },
          legend: { bottom: 0, type: 'scroll' },
          color: ['#1b7f3b', '#1f4e8c', '#d99a00', '#8a94a6', '#b3261e'],
          series: [{
            type: 'pie', name: '办理结果', radius: ['35%', '65%'], center: ['50%', '45%'],
            data: data.filter(function (d) { return d.value > 0; }), label: { formatter: '{c}件' },
          }],
        };
      case 'overdue':
        return {
          textStyle: text,
          tooltip: { position: 'top', formatter: function (p) { return echarts.format.encodeHTML(data.units[p.value[1]]) + '<br>' + data.weeks[p.value[0]] + ' 当周末逾期 ' + p.value[2] + ' 件'; } },
          grid: { left: 8, right: 20, top: 10, bottom: 60, containLabel: true },
          xAxis: { type: 'category', data: data.weeks, splitArea: { show: true } },
          yAxis: { type: 'category', data: data.units, splitArea: { show: true }, axisLabel: { width: 150, overflow: 'truncate' } },
          visualMap: { min: 0, max: data.max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#fff7e6', '#f0a500', '#b3261e'] } },
          series: [{
            type: 'heatmap', name: '逾期件数', data: data.cells,
            label: { show: data.cells.length <= 400, formatter: function (p) { return p.value[2] ? String(p.value[2]) : ''; } },
          }],
        };
      case 'trends': {
        var names = { assigned: '交办', replied: '答复', repliedLate: '超期答复', overdue: '周末逾期', satisfied: '满意及基本满意' };
        return {
          textStyle: text,
          tooltip: { trigger: 'axis' },
          legend: { bottom: 0 },
          grid: { left: 8, right: 20, top: 10, bottom: 40, containLabel: true },
          xAxis: { type: 'category', data: data.weeks },
          yAxis: { type: 'value', minInterval: 1 },
          series: Object.keys(names).map(function (key) {
            return { type: 'line', name: names[key], data: data.series[key] || [], showSymbol: false };
          }),
        };
      }
      default:
        return null;
    }
  }

  ready(function () {
    var block = document.getElementById('supervision-data');
    if (!block || typeof echarts === 'undefined') return;
    var data = JSON.parse(block.textContent || '{}');
    var charts = [];
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var name = el.getAttribute('data-chart');
      var option = options(name, data[name]);
      if (!option) return;
      var chart = echarts.init(el, null, { renderer: 'canvas' });
      chart.on('finished', function () { el.setAttribute('data-rendered', 'true'); });
      chart.setOption(option);
      charts.push(chart);
    });
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
