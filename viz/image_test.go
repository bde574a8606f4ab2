package viz

import (
	"image"
)

// inkShare returns the share of pixels of img that are not near white
// (sampling every third pixel).
func inkShare(img image.Image) float64 {
	b := img.Bounds()
	n, ink := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, a := img.At(x, y).RGBA()
			n++
			if a > 0x4000 && (r < 0xE000 || g < 0xE000 || bl < 0xE000) {
				ink++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ink) / float64(n)
}
