// OpenCV's thread pool size for this process.
#include <opencv2/core/utility.hpp>
#include "CVision.h"

void cvn_set_threads(int32_t count) { cv::setNumThreads(count < 1 ? 1 : int(count)); }
