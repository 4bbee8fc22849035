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
#include <stdint.h>
#include <string.h>

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

/// `avformat_find_stream_info` with every stream's probing decoder refusing pictures above `max_pixels` (it decodes
/// a first frame of each stream, which for a small file declaring a huge picture would cost gigabytes).
static inline int pf_find_stream_info(AVFormatContext *format, int64_t max_pixels) {
    const unsigned count = format->nb_streams;
    AVDictionary **options = count ? (AVDictionary **)av_calloc(count, sizeof(AVDictionary *)) : NULL;
    if (count && !options) return AVERROR(ENOMEM);
    for (unsigned i = 0; i < count; ++i) av_dict_set_int(&options[i], "max_pixels", max_pixels, 0);
    const int status = avformat_find_stream_info(format, options);
    for (unsigned i = 0; i < count; ++i) av_dict_free(&options[i]);
    av_free(options);
    return status;
}

/// Bytes swscale may write past the end of a destination row (its x86 yuv2rgb paths store whole 8- and 16-byte
/// blocks, so a row whose byte width is not a multiple of the block gets written beyond it).
enum { PF_ROW_SLACK = 64, PF_ROW_ALIGN = 64 };

/// Converts a decoded frame to packed BGR24, exactly `width * 3` bytes a row, into `destination`, which must hold
/// `destination_size == width * height * 3` bytes. swscale never writes into `destination` itself: it writes into a
/// private buffer whose rows are 64-byte aligned with 64 bytes of slack each (so its block stores stay inside), and
/// only the visible bytes of each row are copied out. Sizes are checked without overflow before any allocation.
/// Returns 0, or a negative AVERROR code.
static inline int pf_frame_to_bgr(struct SwsContext *context, const AVFrame *frame, uint8_t *destination,
                                  size_t destination_size) {
    if (!context || !frame || !destination || frame->width <= 0 || frame->height <= 0) return AVERROR(EINVAL);
    const size_t width = (size_t)frame->width, height = (size_t)frame->height;
    if (width > SIZE_MAX / 3 / height) return AVERROR(EINVAL);
    const size_t row = width * 3;
    if (destination_size != row * height) return AVERROR(EINVAL);
    if (row > (size_t)INT32_MAX - PF_ROW_SLACK - PF_ROW_ALIGN) return AVERROR(EINVAL);
    const size_t padded_row = (row + PF_ROW_SLACK + PF_ROW_ALIGN - 1) / PF_ROW_ALIGN * PF_ROW_ALIGN;
    if (height > (SIZE_MAX - PF_ROW_SLACK) / padded_row) return AVERROR(EINVAL);
    uint8_t *buffer = (uint8_t *)av_malloc(padded_row * height + PF_ROW_SLACK);
    if (!buffer) return AVERROR(ENOMEM);
    uint8_t *planes[4] = { buffer, NULL, NULL, NULL };
    int strides[4] = { (int)padded_row, 0, 0, 0 };
    const int rows = sws_scale(context, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height,
                               planes, strides);
    if (rows != frame->height) {
        av_free(buffer);
        return rows < 0 ? rows : AVERROR_INVALIDDATA;
    }
    for (size_t y = 0; y < height; ++y) memcpy(destination + y * row, buffer + y * padded_row, row);
    av_free(buffer);
    return 0;
}

#endif
