# HiCLR augmentation arrangement (seed 001), k = 1: BA only (68.3) --
# a single basic branch and no hierarchical loss, which is SkeletonCLR:
# this file is configs/skeletonclr/stgcn_ntu60_xsub.py under the HiCLR
# table's name. k = 3 with the mask (77.6) is ./stgcn_ntu60_xsub.py.
_base_ = ['../skeletonclr/stgcn_ntu60_xsub.py']
