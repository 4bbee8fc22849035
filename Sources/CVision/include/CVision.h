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

/// Mean brightness (0-255) and sharpness (variance of the Laplacian), both on a grey copy 320 pixels wide and at most 640 high, and from
/// that copy a `thumbnail_width` x `thumbnail_height` grey thumbnail (area-averaged) into `thumbnail`, for cheap
/// scene-change checks.
int cvn_measure_image(cvn_image image, float *brightness, float *sharpness, int32_t thumbnail_width,
                      int32_t thumbnail_height, uint8_t *thumbnail, char *error, size_t error_size);

/// One eye as the face mesh and iris models see it, in pixels of the input image.
typedef struct {
    /// The eye's corners, the image-left one first.
    float corner_left_x, corner_left_y, corner_right_x, corner_right_y;
    /// The centre of the iris.
    float iris_x, iris_y;
    /// The middle of the upper and of the lower lid.
    float upper_x, upper_y, lower_x, lower_y;
} cvn_eye;

typedef struct cvn_eye_model cvn_eye_model;

/// Loads the MediaPipe face mesh (468 points, 192x192 input) and iris (64x64 input) models converted to ONNX.
int cvn_eye_model_create(const char *mesh_path, const char *iris_path, cvn_eye_model **out, char *error,
                         size_t error_size);
void cvn_eye_model_destroy(cvn_eye_model *model);

/// Points in MediaPipe's refined face landmark layout: 468 mesh points, then five iris points per eye.
#define CVN_FACE_LANDMARKS 478

/// Both eyes of the face in the box (x, y, width, height), the image-left eye first. The face crop is turned so
/// that the line from `left_eye` to `right_eye` (YuNet's eye points, image left then image right) is level.
/// `face_score` is the mesh model's face presence probability (0-1). When `landmarks` is not null it receives the
/// CVN_FACE_LANDMARKS points as x, y pairs in image pixels (`landmark_capacity` floats, at least twice that).
int cvn_eye_model_locate(cvn_eye_model *model, cvn_image image, float x, float y, float width, float height,
                         float left_eye_x, float left_eye_y, float right_eye_x, float right_eye_y, cvn_eye eyes[2],
                         float *landmarks, int32_t landmark_capacity, float *face_score, char *error,
                         size_t error_size);

typedef struct cvn_blendshape_model cvn_blendshape_model;

/// The number of blendshape scores, in MediaPipe's `kBlendshapeNames` order.
#define CVN_BLENDSHAPES 52

/// Loads MediaPipe's face blendshape model (an MLP-Mixer over 146 landmarks) converted to ONNX.
int cvn_blendshape_model_create(const char *path, cvn_blendshape_model **out, char *error, size_t error_size);
void cvn_blendshape_model_destroy(cvn_blendshape_model *model);

/// The CVN_BLENDSHAPES scores (0-1) of a face from its CVN_FACE_LANDMARKS points (x, y pairs in image pixels).
int cvn_blendshape_model_score(cvn_blendshape_model *model, const float *landmarks, float *scores, char *error,
                               size_t error_size);

/// A rectangle to draw on an evidence image, in pixels, with a BGR colour.
typedef struct {
    float x, y, width, height;
    uint8_t blue, green, red;
} cvn_box;

/// Writes the image as a JPEG with the boxes drawn on it.
int cvn_write_jpeg(const char *path, cvn_image image, const cvn_box *boxes, int32_t box_count, int32_t quality,
                   char *error, size_t error_size);

/// Encodes the image as a JPEG in memory, scaled by `scale` (0 < scale <= 1, area interpolation). On success
/// `*bytes` holds `*length` bytes to release with `cvn_free_bytes`.
int cvn_encode_jpeg(cvn_image image, float scale, int32_t quality, uint8_t **bytes, size_t *length, char *error,
                    size_t error_size);
void cvn_free_bytes(uint8_t *bytes);

/// One detected object in pixel coordinates, with its COCO class index (0 = person, 67 = cell phone, 73 = book...).
typedef struct {
    float x, y, width, height;
    float score;
    int32_t class_id;
} cvn_object;

typedef struct cvn_object_detector cvn_object_detector;
/// Loads a COCO object detector. `kind` names the architecture and its decoding (see object_detector.cpp);
/// `weights_path` / `config_path` are the model files (`config_path` may be NULL for single-file models).
int cvn_object_detector_create(const char *kind, const char *weights_path, const char *config_path,
                               cvn_object_detector **out, char *error, size_t error_size);
void cvn_object_detector_destroy(cvn_object_detector *detector);
/// Detects objects scoring at least `min_score` inside the pixel region (x, y, width, height) of the image (the whole
/// image when width or height is 0); boxes are in whole-image pixels, best first, after per-class NMS.
int cvn_object_detector_detect(cvn_object_detector *detector, cvn_image image, float x, float y, float width,
                               float height, float min_score, cvn_object *objects, int32_t capacity, int32_t *count,
                               char *error, size_t error_size);

/// One text region (axis-aligned box around the detected polygon) in pixels, with the detector's box score.
typedef struct {
    float x, y, width, height;
    float score;
} cvn_text_region;

typedef struct cvn_text_detector cvn_text_detector;
/// Loads the PP-OCRv4 DB text detector (ONNX patched for OpenCV 4.6); images are resized so the longer side is at
/// most `max_side` (rounded to multiples of 32).
int cvn_text_detector_create(const char *onnx_path, int32_t max_side, cvn_text_detector **out, char *error,
                             size_t error_size);
void cvn_text_detector_destroy(cvn_text_detector *detector);
int cvn_text_detector_detect(cvn_text_detector *detector, cvn_image image, float min_score,
                             cvn_text_region *regions, int32_t capacity, int32_t *count, char *error,
                             size_t error_size);

/// Reads the text inside a region with Tesseract (Debian's `tesseract-ocr-eng` data). `language` is a Tesseract
/// language code ("eng"). Writes UTF-8 text (whitespace collapsed) into `text` and Tesseract's mean word confidence
/// (0-1) into `confidence`.
typedef struct cvn_text_reader cvn_text_reader;
int cvn_text_reader_create(const char *language, cvn_text_reader **out, char *error, size_t error_size);
void cvn_text_reader_destroy(cvn_text_reader *reader);
int cvn_text_reader_read(cvn_text_reader *reader, cvn_image image, float x, float y, float width, float height,
                         char *text, size_t text_size, float *confidence, char *error, size_t error_size);

/// Face identity descriptors with dlib: the 5-point shape predictor aligns a 150x150 chip inside the face box, the
/// ResNet turns it into a 128-D descriptor; two faces are the same person when the Euclidean distance is small
/// (dlib's own threshold is 0.6).
typedef struct cvn_face_embedder cvn_face_embedder;
enum { CVN_FACE_DESCRIPTOR_SIZE = 128 };
int cvn_face_embedder_create(const char *shape_predictor_path, const char *recognition_model_path,
                             cvn_face_embedder **out, char *error, size_t error_size);
void cvn_face_embedder_destroy(cvn_face_embedder *embedder);
/// Computes the descriptor of the face inside the pixel box (x, y, width, height).
int cvn_face_embedder_embed(cvn_face_embedder *embedder, cvn_image image, float x, float y, float width,
                            float height, float descriptor[CVN_FACE_DESCRIPTOR_SIZE], char *error,
                            size_t error_size);

/// Decodes an encoded image (JPEG, PNG, ...) applying its EXIF orientation. On success `*pixels` is a packed BGR
/// buffer (stride = width * 3) to release with `cvn_free_pixels`.
int cvn_decode_image(const uint8_t *bytes, size_t length, uint8_t **pixels, int32_t *width, int32_t *height,
                     char *error, size_t error_size);
void cvn_free_pixels(uint8_t *pixels);

/// Threads OpenCV's parallel loops (DNN layers, resizing) may use in this process; jobs running side by side set
/// it so that together they do not oversubscribe the cores.
void cvn_set_threads(int32_t count);

#ifdef __cplusplus
}
#endif
#endif
