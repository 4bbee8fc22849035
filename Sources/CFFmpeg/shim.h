// What Swift cannot import from FFmpeg directly: function-like macros and calls that take
// AVFrame.data / linesize (C arrays, which Swift sees as tuples).
#ifndef PROCTOR_CFFMPEG_SHIM_H
#define PROCTOR_CFFMPEG_SHIM_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

static inline int pf_error_again(void) { return AVERROR(EAGAIN); }
static inline int pf_error_eof(void) { return AVERROR_EOF; }
static inline int64_t pf_no_pts(void) { return AV_NOPTS_VALUE; }
static inline int pf_error_decoder_not_found(void) { return AVERROR_DECODER_NOT_FOUND; }

/// Human-readable text for an FFmpeg error code.
static inline void pf_error_text(int code, char *buffer, size_t size) {
    av_strerror(code, buffer, size);
}

/// Rotation in degrees (counter-clockwise, as FFmpeg reports it) from the stream's display matrix; 0 when absent.
static inline double pf_display_rotation(const AVStream *stream) {
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (!matrix) return 0;
    double angle = av_display_rotation_get((const int32_t *)matrix);
    return angle != angle ? 0 : angle; // NaN -> 0
}

/// Converts a decoded frame to packed BGR24 into `destination` (row stride `destination_stride`).
static inline int pf_scale_to_bgr(struct SwsContext *context, const AVFrame *frame,
                                  uint8_t *destination, int destination_stride) {
    uint8_t *planes[4] = { destination, NULL, NULL, NULL };
    int strides[4] = { destination_stride, 0, 0, 0 };
    return sws_scale(context, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height,
                     planes, strides);
}

#endif
