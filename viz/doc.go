// Package viz draws the charts of the STATES diffusion project: interactive
// go-echarts figures for notebooks and browsers, and static figures (PNG, SVG,
// PDF) for reports. It trains nothing: it reads what package ddpm produced.
package viz
