#!/usr/bin/env bash
# Regenerates the sample media the Node first run attaches to the demo jobs
# (api/sample/media/, committed; the app never runs this and needs no ffmpeg).
#
#   apt-get install -y ffmpeg imagemagick fonts-dejavu-core   # Debian 12: ffmpeg 5.1, ImageMagick 6.9
#   scripts/make-sample-media.sh                              # writes api/sample/media/*.{mp4,png,webp}
#
# Every picture is synthetic (ffmpeg's lavfi sources: gradients, mandelbrot, life, sierpinski,
# cellauto; text with drawtext; shapes with ImageMagick), so there are no rights to clear.
# Videos are H.264 (yuv420p, no audio), 4 s at 24 fps, with the moov atom first (+faststart) so a
# browser can start playing from the first bytes. Metadata is stripped (-map_metadata -1,
# bitexact), so a rerun with the same ffmpeg/ImageMagick versions gives the same bytes.
# Keep the whole directory under 3 MB (test/sample-data.test.ts checks); the script prints the total.
# The copywriting texts (api/sample/media/*.txt) are written by hand, not generated; this script
# leaves them alone. Width, height and duration of each file are repeated in
# api/sample/demo-media.ts: update them there if you change a size here.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=api/sample/media
mkdir -p "$OUT"

FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FONT_REG=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
[ -f "$FONT" ] || { echo "missing $FONT (apt-get install -y fonts-dejavu-core)" >&2; exit 1; }
# The real ImageMagick by path (a different `convert` may come first on PATH).
IM=/usr/bin/convert
[ -x "$IM" ] || { echo "missing $IM (apt-get install -y imagemagick)" >&2; exit 1; }

FF=(ffmpeg -hide_banner -loglevel error -y)
# H.264 for every browser: baseline-compatible main profile, small and faststart.
X264=(-c:v libx264 -preset slow -crf 30 -profile:v main -pix_fmt yuv420p -movflags +faststart -an
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact)
WEBP=(-c:v libwebp -quality 78 -compression_level 6 -map_metadata -1 -fflags +bitexact -flags:v +bitexact -frames:v 1)
PNG=(-c:v png -pred mixed -map_metadata -1 -fflags +bitexact -flags:v +bitexact -frames:v 1)

# drawtext helper: text, size, colour, x, y, [extra options]
dt() { printf "drawtext=fontfile=%s:text='%s':fontsize=%s:fontcolor=%s:x=%s:y=%s:borderw=2:bordercolor=black@0.35%s" "$FONT" "$1" "$2" "$3" "$4" "$5" "${6:-}"; }

# ---- videos (and a poster frame per video, the job's thumbnail) ----------------------------

# video-mixer: vertical summer-sale reel, warm gradient with the headline sliding in.
"${FF[@]}" -f lavfi -i "gradients=s=270x480:r=24:d=4:n=4:c0=0xff6b35:c1=0xffd23f:c2=0xff2e63:c3=0xf7c59f:speed=0.04:seed=7,
  $(dt 'SUMMER' 54 white '(w-tw)/2' 'min(150\,-60+t*260)'),
  $(dt 'SALE' 72 white '(w-tw)/2' 'min(205\,-60+t*300)'),
  drawbox=x=30:y=310:w=210:h=50:color=white@0.9:t=fill:enable='gte(t,1)',
  $(dt 'up to 50% off' 24 0xff2e63 '(w-tw)/2' 322 ":borderw=0:expansion=none:enable='gte(t,1)'"),
  $(dt '#summervibes' 16 white '(w-tw)/2' 430 ':borderw=0')" \
  "${X264[@]}" "$OUT/summer-sale-reel.mp4"

# video-mixer: landscape "drone over the venue" cut, a slow Mandelbrot zoom with a lower third.
"${FF[@]}" -f lavfi -i "mandelbrot=s=480x270:r=24:start_scale=2.5:end_scale=0.3:end_pts=96:start_x=-0.7436447860:start_y=0.1318252536:inner=convergence,trim=duration=4,
  drawbox=x=0:y=206:w=iw:h=44:color=black@0.55:t=fill,
  $(dt 'LIVE AT THE VENUE' 24 white 18 216 ':borderw=0'),
  $(dt 'Sat 8 PM' 18 0xffd23f 'w-tw-18' 220 ':borderw=0')" \
  "${X264[@]}" "$OUT/venue-drone-cut.mp4"

# carousel-mix: vertical three-slide carousel (sleep tips), cross-faded.
slide() { # colour0 colour1 seed headline line2
  echo "gradients=s=270x480:r=24:d=1.6:n=2:c0=$1:c1=$2:seed=$3:speed=0.02,
    $(dt "$4" 30 white '(w-tw)/2' 190),
    $(dt "$5" 20 white '(w-tw)/2' 240 ':borderw=0')"
}
"${FF[@]}" -f lavfi -i "$(slide 0x2b2d42 0x5c6bc0 1 '7 TIPS' 'for better sleep')" \
  -f lavfi -i "$(slide 0x6a4c93 0xf28482 2 '1. Dim it' 'lights low after 9 PM')" \
  -f lavfi -i "$(slide 0x1982c4 0x8ac926 3 '2. Unplug' 'no screens in bed')" \
  -filter_complex "[0][1]xfade=transition=slideleft:duration=0.4:offset=1.2[a];[a][2]xfade=transition=slideleft:duration=0.4:offset=2.4,format=yuv420p" \
  "${X264[@]}" "$OUT/carousel-sleep-tips.mp4"

# text-to-video: a dreamy spiral gradient with a title card.
"${FF[@]}" -f lavfi -i "gradients=s=480x270:r=24:d=4:n=5:type=spiral:c0=0x0b132b:c1=0x1c2541:c2=0x3a506b:c3=0x5bc0be:c4=0xf4d35e:speed=0.05:seed=3,
  $(dt 'Paper boat' 34 white '(w-tw)/2' 100 ":alpha='min(1\,t/1.2)'"),
  $(dt 'rainy street · golden hour' 18 0xf4d35e '(w-tw)/2' 150 ":borderw=0:alpha='min(1\,t/1.8)'")" \
  "${X264[@]}" "$OUT/paper-boat-dream.mp4"

# anime-motion: Game of Life "rain" (a new generation 8 times a second, so frames repeat and
# compress well) screened over a slow night-blue gradient.
"${FF[@]}" -f lavfi -i "life=s=120x68:r=8:life_color=0x9bf6ff:death_color=black:ratio=0.3:seed=11,trim=duration=4" \
  -f lavfi -i "gradients=s=480x270:r=24:d=4:n=3:c0=0x10002b:c1=0x3a0ca3:c2=0x4895ef:speed=0.02:seed=1" \
  -filter_complex "[0]scale=480:270:flags=neighbor,setsar=1,fps=24,format=gbrp[l];[1]format=gbrp[g];[l][g]blend=all_mode=screen,
  drawbox=x=10:y=12:w=250:h=72:color=0x10002b@0.8:t=fill,
  $(dt 'PANEL 3' 30 white 20 20),
  $(dt 'rain + wind, studio style' 16 0x9bf6ff 20 58),format=yuv420p" \
  "${X264[@]}" "$OUT/anime-panel-rain.mp4"

# product-studio: vertical "sneakers on a city run" teaser, a Sierpinski pattern screened over a
# hot gradient.
"${FF[@]}" -f lavfi -i "sierpinski=s=270x480:r=24:seed=5:jump=50:type=triangle,trim=duration=4" \
  -f lavfi -i "gradients=s=270x480:r=24:d=4:n=3:c0=0xff006e:c1=0xfb5607:c2=0x8338ec:speed=0.04:seed=5" \
  -filter_complex "[0]format=gbrp[s];[1]format=gbrp[g];[s][g]blend=all_mode=screen,
  drawbox=x=0:y=360:w=iw:h=90:color=black@0.6:t=fill,
  $(dt 'DROP 07' 36 white '(w-tw)/2' 372 ':borderw=0'),
  $(dt 'limited · city runner' 18 0xffd23f '(w-tw)/2' 418 ':borderw=0'),format=yuv420p" \
  "${X264[@]}" "$OUT/sneaker-city-run.mp4"

# A poster frame for each video (WebP), taken near the end where the titles are in place.
for v in summer-sale-reel venue-drone-cut carousel-sleep-tips paper-boat-dream anime-panel-rain sneaker-city-run; do
  "${FF[@]}" -ss 3.2 -i "$OUT/$v.mp4" "${WEBP[@]}" "$OUT/$v-thumb.webp"
done

# ---- one video per prompt that asks for a different picture (so no job shows another's media) ----

# video-mixer: the summer reel remixed with Spanish captions (same look, new words).
"${FF[@]}" -f lavfi -i "gradients=s=270x480:r=24:d=4:n=4:c0=0xff2e63:c1=0xffd23f:c2=0xff6b35:c3=0xf7c59f:speed=0.04:seed=8,
  $(dt 'REBAJAS' 44 white '(w-tw)/2' 'min(150\,-60+t*260)'),
  $(dt 'DE VERANO' 40 white '(w-tw)/2' 'min(205\,-60+t*300)'),
  drawbox=x=30:y=310:w=210:h=50:color=white@0.9:t=fill:enable='gte(t,1)',
  $(dt 'hasta 50% dto.' 24 0xff2e63 '(w-tw)/2' 322 ":borderw=0:expansion=none:enable='gte(t,1)'"),
  $(dt 'subtítulos en español' 16 white '(w-tw)/2' 430 ':borderw=0')" \
  "${X264[@]}" "$OUT/summer-reel-es.mp4"

# video-mixer: the beach b-roll cut, waves sliding over sand, vertical.
"${FF[@]}" -f lavfi -i "gradients=s=270x480:r=24:d=4:n=3:c0=0x00b4d8:c1=0x0077b6:c2=0x90e0ef:x0=135:y0=0:x1=135:y1=300:speed=0.03:seed=3,format=gbrp,
  geq=r='if(gt(Y\,300+12*sin(X/20+T*4))\,240\,r(X\,Y))':g='if(gt(Y\,300+12*sin(X/20+T*4))\,215\,g(X\,Y))':b='if(gt(Y\,300+12*sin(X/20+T*4))\,170\,b(X\,Y))',
  $(dt 'BEACH DAY' 40 white '(w-tw)/2' 'min(120\,-60+t*240)'),
  $(dt 'b-roll · upbeat cut' 18 white '(w-tw)/2' 175 ':borderw=0'),
  $(dt '15 s' 16 0x023e8a 'w-tw-16' 450 ':borderw=0')" \
  "${X264[@]}" "$OUT/beach-broll-cut.mp4"

# carousel-mix: a pastel five-step morning routine, cross-faded like the sleep tips.
"${FF[@]}" -f lavfi -i "$(slide 0xffafcc 0xcdb4db 4 '5 STEPS' 'to a calm morning')" \
  -f lavfi -i "$(slide 0xa2d2ff 0xbde0fe 5 '1. Water' 'a glass before coffee')" \
  -f lavfi -i "$(slide 0xcdb4db 0xffc8dd 6 '2. Stretch' 'five easy minutes')" \
  -filter_complex "[0][1]xfade=transition=slideleft:duration=0.4:offset=1.2[a];[a][2]xfade=transition=slideleft:duration=0.4:offset=2.4,format=yuv420p" \
  "${X264[@]}" "$OUT/carousel-morning-routine.mp4"

# carousel-mix: the spring catalogue as a swipeable carousel.
"${FF[@]}" -f lavfi -i "$(slide 0x90be6d 0xf9c74f 7 'SPRING' 'the new catalogue')" \
  -f lavfi -i "$(slide 0x43aa8b 0x90be6d 8 'Linen shirts' 'from 39 euros')" \
  -f lavfi -i "$(slide 0xf9844a 0xf9c74f 9 'Straw hats' 'sun-ready, hand-woven')" \
  -filter_complex "[0][1]xfade=transition=slideleft:duration=0.4:offset=1.2[a];[a][2]xfade=transition=slideleft:duration=0.4:offset=2.4,format=yuv420p" \
  "${X264[@]}" "$OUT/carousel-spring-catalogue.mp4"

# text-to-video: a sourdough loaf rising (a dome that grows over a warm kitchen gradient).
"${FF[@]}" -f lavfi -i "gradients=s=480x270:r=24:d=4:n=3:c0=0x7f5539:c1=0xb08968:c2=0xe6ccb2:speed=0.02:seed=12,format=gbrp,
  geq=r='if(lt(hypot((X-240)/(120+8*T)\,(Y-215)/(40+14*T))\,1)*lt(Y\,215)\,222\,r(X\,Y))':g='if(lt(hypot((X-240)/(120+8*T)\,(Y-215)/(40+14*T))\,1)*lt(Y\,215)\,170\,g(X\,Y))':b='if(lt(hypot((X-240)/(120+8*T)\,(Y-215)/(40+14*T))\,1)*lt(Y\,215)\,110\,b(X\,Y))',
  drawbox=x=0:y=215:w=iw:h=55:color=0x582f0e:t=fill,
  $(dt 'Sourdough' 34 white '(w-tw)/2' 28 ":alpha='min(1\,t/1.2)'"),
  $(dt 'timelapse · cosy kitchen' 18 0xfff1e6 '(w-tw)/2' 72 ":borderw=0:alpha='min(1\,t/1.8)'")" \
  "${X264[@]}" "$OUT/sourdough-rise.mp4"

# text-to-video: an astronaut cat drifting past a window full of stars.
"${FF[@]}" -f lavfi -i "color=c=0x03071e:s=480x270:r=24:d=4,
  geq=lum='if(gt(random(1)\,0.9975)\,255\,lum(X\,Y)*0.6)':cb=128:cr=128,
  drawbox=x=20:y=20:w=440:h=230:color=0x8d99ae:t=6,
  $(dt '(=^.^=)' 30 white '-200+t*120' '110+10*sin(t*2)' ':borderw=0'),
  $(dt 'Astronaut cat' 30 white '(w-tw)/2' 40),
  $(dt 'past the station window' 16 0xffd166 '(w-tw)/2' 210 ':borderw=0')" \
  "${X264[@]}" "$OUT/astronaut-cat.mp4"

# text-to-video: misty pines at dawn, a slow push-in on soft gradients with a treeline.
"${FF[@]}" -f lavfi -i "gradients=s=480x270:r=24:d=4:n=3:c0=0xffd6a5:c1=0xcad2c5:c2=0x84a98c:x0=240:y0=0:x1=240:y1=270:seed=2,format=gbrp,
  geq=r='if(gt(Y\,170+18*sin(X/9)+9*sin(X/3.1))\,47\,r(X\,Y))':g='if(gt(Y\,170+18*sin(X/9)+9*sin(X/3.1))\,62\,g(X\,Y))':b='if(gt(Y\,170+18*sin(X/9)+9*sin(X/3.1))\,70\,b(X\,Y))',
  zoompan=z='1+0.0015*on':d=1:s=480x270:fps=24,
  $(dt 'Misty pines' 34 white '(w-tw)/2' 70 ":alpha='min(1\,t/1.2)'"),
  $(dt 'aerial · dawn · slow push-in' 18 0x354f52 '(w-tw)/2' 118 ":borderw=0:alpha='min(1\,t/1.8)'")" \
  "${X264[@]}" "$OUT/misty-pines-dawn.mp4"

# anime-motion: "turn this into anime, cinematic": letterboxed speed lines.
"${FF[@]}" -f lavfi -i "gradients=s=480x270:r=24:d=4:n=3:type=radial:c0=0xffffff:c1=0xffafcc:c2=0x3a0ca3:speed=0.03:seed=5,
  geq=lum='if(lt(mod(atan2(Y-135\,X-240)*40+T*6\,6.283)\,0.5)\,255\,lum(X\,Y))':cb='cb(X\,Y)':cr='cr(X\,Y)',
  drawbox=x=0:y=0:w=iw:h=34:color=black:t=fill,drawbox=x=0:y=236:w=iw:h=34:color=black:t=fill,
  $(dt 'ANIME CUT' 34 white '(w-tw)/2' 100),
  $(dt 'cinematic grade' 18 white '(w-tw)/2' 148 ':borderw=0')" \
  "${X264[@]}" "$OUT/anime-cinematic.mp4"

# anime-motion: the hero's hair in the wind, a soft glow and drifting strokes.
"${FF[@]}" -f lavfi -i "gradients=s=480x270:r=24:d=4:n=3:c0=0x240046:c1=0x7b2cbf:c2=0xe0aaff:speed=0.03:seed=14,
  geq=lum='if(lt(abs(mod(Y+28*sin(X/40+T*3)\,22)-11)\,1.2)*gt(X\,200)\,235\,lum(X\,Y))':cb='cb(X\,Y)':cr='cr(X\,Y)',
  drawbox=x=10:y=12:w=270:h=72:color=0x240046@0.8:t=fill,
  $(dt 'HERO' 30 white 20 20),
  $(dt 'hair in the wind · soft glow' 16 0xe0aaff 20 58)" \
  "${X264[@]}" "$OUT/anime-hero-wind.mp4"

for v in beach-broll-cut summer-reel-es sourdough-rise astronaut-cat misty-pines-dawn anime-cinematic anime-hero-wind; do
  "${FF[@]}" -ss 3.2 -i "$OUT/$v.mp4" "${WEBP[@]}" "$OUT/$v-thumb.webp"
done
# The new carousels' posters are their title slides.
for v in carousel-morning-routine carousel-spring-catalogue; do
  "${FF[@]}" -ss 0.8 -i "$OUT/$v.mp4" "${WEBP[@]}" "$OUT/$v-thumb.webp"
done

# ---- images (brand-studio, product-studio, carousel) --------------------------------------

# brand-studio thumbnail: loud YouTube thumbnail (PNG, 640x360).
"${FF[@]}" -f lavfi -i "gradients=s=640x360:n=3:c0=0xff0054:c1=0xff5400:c2=0xffbd00:type=radial:seed=4,
  drawbox=x=24:y=210:w=592:h=120:color=black@0.75:t=fill,
  $(dt 'I TRIED IT' 64 0xffe600 40 222 ':borderw=4:bordercolor=black'),
  $(dt 'FOR 30 DAYS' 44 white 40 284 ':borderw=0')" \
  "${PNG[@]}" "$OUT/yt-thumbnail-30-days.png"

# brand-studio overlay: neon stream frame on a transparent PNG (480x270).
"$IM" -size 480x270 xc:none \
  -fill none -stroke '#00f5ff' -strokewidth 6 -draw 'roundrectangle 8,8 471,261 18,18' \
  -stroke '#9d4edd' -strokewidth 3 -draw 'roundrectangle 18,18 461,251 12,12' \
  -stroke none -fill '#9d4edd' -draw 'roundrectangle 300,214 470,262 10,10' \
  -fill '#00f5ff' -draw 'circle 318,238 324,238' \
  -font "$FONT" -pointsize 18 -fill white -annotate +334+245 'LIVE NOW' \
  -strip -define png:compression-level=9 "PNG32:$OUT/stream-overlay-neon.png"

# brand-studio banner: cooking channel banner (WebP, 750x250 = 3:1).
"${FF[@]}" -f lavfi -i "gradients=s=750x250:n=3:c0=0x6f1d1b:c1=0x99582a:c2=0xbb9457:x0=0:y0=0:x1=750:y1=250:seed=2,
  drawbox=x=30:y=65:w=120:h=120:color=0xffe6a7@0.95:t=fill,
  $(dt 'GS' 56 0x6f1d1b 50 95 ':borderw=0'),
  $(dt 'Sunday Kitchen' 52 white 175 75),
  $(dt 'new recipes every Sunday · 10 AM' 22 0xffe6a7 178 145 ':borderw=0')" \
  "${WEBP[@]}" "$OUT/cooking-channel-banner.webp"

# brand-studio story graphic: live Q&A announcement (WebP, 270x480).
"${FF[@]}" -f lavfi -i "gradients=s=270x480:n=3:c0=0x3a0ca3:c1=0x7209b7:c2=0xf72585:type=circular:seed=9,
  $(dt 'LIVE' 60 white '(w-tw)/2' 120),
  $(dt 'Q&A' 60 0xfee440 '(w-tw)/2' 190),
  drawbox=x=45:y=300:w=180:h=46:color=white@0.92:t=fill,
  $(dt 'FRIDAY 6 PM' 22 0x7209b7 '(w-tw)/2' 312 ':borderw=0'),
  $(dt 'drop your questions' 16 white '(w-tw)/2' 380 ':borderw=0')" \
  "${WEBP[@]}" "$OUT/live-qa-story.webp"

# brand-studio clip cover (PNG, 480x270).
"${FF[@]}" -f lavfi -i "cellauto=s=480x270:rule=110:seed=21,trim=start_frame=200,
  lutrgb=r='val*0.2':g='val*0.9':b='val',
  drawbox=x=0:y=90:w=iw:h=90:color=0x0b0033@0.85:t=fill,
  $(dt 'EPISODE 12' 40 white '(w-tw)/2' 100 ':borderw=0'),
  $(dt 'behind the refresh' 20 0x00f5d4 '(w-tw)/2' 148 ':borderw=0')" \
  "${PNG[@]}" "$OUT/clip-cover-ep12.png"

# product-studio: matte ceramic mug on linen (WebP, 480x480), drawn with ImageMagick.
"$IM" -size 480x480 gradient:'#f3ede2-#d9cbb4' \
  -fill '#c9b79c' -draw 'rectangle 0,330 480,480' \
  -fill 'rgba(0,0,0,0.12)' -draw 'ellipse 240,372 120,18 0,360' \
  -fill none -stroke '#3d5a80' -strokewidth 26 -draw 'ellipse 330,250 44,54 -90,90' \
  -stroke none -fill '#3d5a80' -draw 'roundrectangle 140,150 330,370 28,28' \
  -fill '#4f6d94' -draw 'ellipse 235,152 95,16 0,360' \
  -fill '#2b3f5c' -draw 'ellipse 235,152 82,11 0,360' \
  -fill 'rgba(255,255,255,0.18)' -draw 'roundrectangle 162,180 182,340 10,10' \
  -font "$FONT" -pointsize 26 -fill '#3d5a80' -gravity south -annotate +0+24 'Matte Stoneware Mug' \
  -strip -quality 80 -define webp:method=6 "$OUT/mug-product.webp"

# product-studio banner: store banner for the mug (PNG, 750x250).
"$IM" \( -size 250x750 gradient:'#3d5a80-#98c1d9' -rotate -90 \) \
  -fill '#e0fbfc' -draw 'roundrectangle 520,50 660,200 24,24' \
  -fill none -stroke '#e0fbfc' -strokewidth 16 -draw 'ellipse 672,125 30,38 -90,90' -stroke none \
  -font "$FONT" -pointsize 44 -fill white -annotate +40+110 'Handmade.' \
  -font "$FONT" -pointsize 44 -fill '#ee6c4d' -annotate +40+165 'Everyday.' \
  -font "$FONT_REG" -pointsize 20 -fill '#e0fbfc' -annotate +42+210 'stoneware mugs · free shipping over $40' \
  -strip -colors 128 -define png:compression-level=9 "$OUT/mug-store-banner.png"

# carousel-mix: the first carousel slide as a still (WebP, 270x480).
"${FF[@]}" -ss 0.8 -i "$OUT/carousel-sleep-tips.mp4" -vf "scale=270:480" "${WEBP[@]}" "$OUT/carousel-slide-1.webp"

# moov must precede mdat in every MP4 (faststart): check, don't trust.
for f in "$OUT"/*.mp4; do
  order=$(python3 - "$f" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
i, names = 0, []
while i + 8 <= len(data):
    size, name = struct.unpack('>I4s', data[i:i+8])
    if size == 1: size = struct.unpack('>Q', data[i+8:i+16])[0]
    names.append(name.decode('latin1'))
    if size == 0: break
    i += size
print(' '.join(names))
PY
)
  case "$order" in *moov*mdat*) ;; *) echo "$f: moov is not before mdat ($order)" >&2; exit 1 ;; esac
done

du -cb "$OUT"/* | tail -1
