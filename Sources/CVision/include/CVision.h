// CVision: a plain C API over the OpenCV calls the local backend needs.
// Every function catches all C++ exceptions and returns a status code; on failure it writes a
// message into `error` (when given). Images are packed 8-bit BGR with an explicit row stride.
#ifndef PROCTOR_CVISION_H
#define PROCTOR_CVISION_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { CV_OK = 0, CV_ERROR = 1 };

/// A borrowed view of packed BGR pixels.
typedef struct {
    const uint8_t *pixels;
    int32_t width;
    int32_t height;
    int32_t stride;
} cvn_image;

/// One detected face in pixel coordinates of the input image.
typedef struct {
    float x, y, width, height;
    float score;
    /// Right eye (image left), left eye (image right), nose tip, right and left mouth corner: x0, y0, x1, y1, ...
    float landmarks[10];
} cvn_face;

typedef struct cvn_face_detector cvn_face_detector;

/// Loads a YuNet ONNX model with a fixed square input of `input_size` pixels.
int cvn_face_detector_create(const char *model_path, int32_t input_size, cvn_face_detector **out,
                             char *error, size_t error_size);
void cvn_face_detector_destroy(cvn_face_detector *detector);

/// Detects faces scoring at least `min_score`; writes up to `capacity` faces (best first) and the total found.
int cvn_face_detector_detect(cvn_face_detector *detector, cvn_image image, float min_score, float nms_threshold,
                             cvn_face *faces, int32_t capacity, int32_t *count, char *error, size_t error_size);

/// Mean brightness (0-255) and sharpness (variance of the Laplacian on a 320-pixel-wide grey copy).
int cvn_image_quality(cvn_image image, float *brightness, float *sharpness, char *error, size_t error_size);

/// Where the iris sits inside an eye region centred on `eye_x, eye_y`, `region_width` x `region_height` pixels,
/// rotated by `roll_degrees` to follow the head. Offsets are -1..1 (fraction of the half width / half height,
/// positive = image right / down); `quality` 0-1 says how iris-like the dark blob found was.
int cvn_locate_iris(cvn_image image, float eye_x, float eye_y, float region_width, float region_height,
                    float roll_degrees, float *offset_x, float *offset_y, float *quality,
                    char *error, size_t error_size);

/// A rectangle to draw on an evidence image, in pixels, with a BGR colour.
typedef struct {
    float x, y, width, height;
    uint8_t blue, green, red;
} cvn_box;

/// Writes the image as a JPEG with the boxes drawn on it.
int cvn_write_jpeg(const char *path, cvn_image image, const cvn_box *boxes, int32_t box_count, int32_t quality,
                   char *error, size_t error_size);

/// Decodes an encoded image (JPEG, PNG, ...) applying its EXIF orientation. On success `*pixels` is a packed BGR
/// buffer (stride = width * 3) to release with `cvn_free_pixels`.
int cvn_decode_image(const uint8_t *bytes, size_t length, uint8_t **pixels, int32_t *width, int32_t *height,
                     char *error, size_t error_size);
void cvn_free_pixels(uint8_t *pixels);

#ifdef __cplusplus
}
#endif
#endif
