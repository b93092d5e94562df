# Supervised ST-GCN on NTU RGB+D 60 cross-view: the cross-subject config on
# the xview splits of the same prepared folder.
_base_ = ['./stgcn_ntu60_xsub.py']
train_dataloader = dict(dataset=dict(split='xview_train'))
val_dataloader = dict(dataset=dict(split='xview_val'))
test_dataloader = val_dataloader
