// Package diffusion holds the math of the forward process of a DDPM: the
// noise schedule (beta, alpha, alpha-bar, posterior variance), one noising
// step, x_t from x_0, and the time input tbar of the networks.
package diffusion
