# HiCLR pretraining on PKU-MMD part I cross-subject, joint stream: the released
# code's branches basic -> normal -> normal + joint mask
# (configs/hiclr/README.md); protocols: --protocol linear, knn, semi1,
# semi10 or finetune (HiCLR's own recipe, protocol_settings).
_base_ = ['../_base_/methods/hiclr.py', '../_base_/datasets/pku1_xsub.py']
# the authors' weights_init, the key encoder drawn on its own
model = dict(**_base_.authors_init)
train_dataloader = dict(
    dataset=dict(**_base_.train_dataset,
                 pipeline=_base_.preprocess + _base_.train_pipeline))
