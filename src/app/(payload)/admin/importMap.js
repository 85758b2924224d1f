import { TryPriceChange as TryPriceChange_7cb6ef1ff5fec4fa631ec1cb8eed4ae1 } from '../../../../src/pricing/admin/TryPriceChange'
import { SyncStateField as SyncStateField_fdf6edd8643e4e31a51476fd67c31c97 } from '../../../../src/plugins/watcher/admin/SyncStateField'
import { BalanceField as BalanceField_26c4846abb18db295c29bd24a9a53661 } from '../../../../src/ledger/admin/BalanceField'
import { InvoiceSummary as InvoiceSummary_ee90ef3c9895174f72a63fab8404238f } from '../../../../src/invoicing/admin/InvoiceSummary'
import { InvoiceStatusCell as InvoiceStatusCell_ccb1c7135b7f669fc9835d1d9077aa77 } from '../../../../src/invoicing/admin/InvoiceCells'
import { InvoiceNumberCell as InvoiceNumberCell_ccb1c7135b7f669fc9835d1d9077aa77 } from '../../../../src/invoicing/admin/InvoiceCells'
import { InvoiceLineUsage as InvoiceLineUsage_f63e4b4bda89491c8e0e2c89b7d83b1a } from '../../../../src/invoicing/admin/InvoiceLineUsage'
import { InvoiceLineLabel as InvoiceLineLabel_ccb1c7135b7f669fc9835d1d9077aa77 } from '../../../../src/invoicing/admin/InvoiceCells'
import { InvoiceMoneyCell as InvoiceMoneyCell_ccb1c7135b7f669fc9835d1d9077aa77 } from '../../../../src/invoicing/admin/InvoiceCells'
import { InvoiceAllocationsField as InvoiceAllocationsField_4200bf933fe1da5527a053ae6fd416c9 } from '../../../../src/payments/admin/InvoiceAllocationsField'
import { InvoiceListActions as InvoiceListActions_441138eeaf24b08051ab13e1b75e297a } from '../../../../src/invoicing/admin/InvoiceListActions'
import { InvoiceActions as InvoiceActions_3eaf0c2a25268761e1abdff1da4a1fcc } from '../../../../src/invoicing/admin/InvoiceActions'
import { InvoiceSaveButton as InvoiceSaveButton_4fcff3875c19a52b9d72449a435bd183 } from '../../../../src/invoicing/admin/InvoiceSaveButton'
import { CreditNoteDocument as CreditNoteDocument_6b11c78b66ccbd6b57c1d52ec2eed2b9 } from '../../../../src/creditNotes/admin/CreditNoteDocument'
import { WatcherActions as WatcherActions_fc8323a677b8bd28e79ae7a3f69f2bd8 } from '../../../../src/plugins/watcher/admin/WatcherActions'
import { OperatorDashboard as OperatorDashboard_18de73ce3e7310923c63ab29aec40b9f } from '../../../../src/dashboard/OperatorDashboard'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/src/pricing/admin/TryPriceChange#TryPriceChange": TryPriceChange_7cb6ef1ff5fec4fa631ec1cb8eed4ae1,
  "/src/plugins/watcher/admin/SyncStateField#SyncStateField": SyncStateField_fdf6edd8643e4e31a51476fd67c31c97,
  "/src/ledger/admin/BalanceField#BalanceField": BalanceField_26c4846abb18db295c29bd24a9a53661,
  "/src/invoicing/admin/InvoiceSummary#InvoiceSummary": InvoiceSummary_ee90ef3c9895174f72a63fab8404238f,
  "/src/invoicing/admin/InvoiceCells#InvoiceStatusCell": InvoiceStatusCell_ccb1c7135b7f669fc9835d1d9077aa77,
  "/src/invoicing/admin/InvoiceCells#InvoiceNumberCell": InvoiceNumberCell_ccb1c7135b7f669fc9835d1d9077aa77,
  "/src/invoicing/admin/InvoiceLineUsage#InvoiceLineUsage": InvoiceLineUsage_f63e4b4bda89491c8e0e2c89b7d83b1a,
  "/src/invoicing/admin/InvoiceCells#InvoiceLineLabel": InvoiceLineLabel_ccb1c7135b7f669fc9835d1d9077aa77,
  "/src/invoicing/admin/InvoiceCells#InvoiceMoneyCell": InvoiceMoneyCell_ccb1c7135b7f669fc9835d1d9077aa77,
  "/src/payments/admin/InvoiceAllocationsField#InvoiceAllocationsField": InvoiceAllocationsField_4200bf933fe1da5527a053ae6fd416c9,
  "/src/invoicing/admin/InvoiceListActions#InvoiceListActions": InvoiceListActions_441138eeaf24b08051ab13e1b75e297a,
  "/src/invoicing/admin/InvoiceActions#InvoiceActions": InvoiceActions_3eaf0c2a25268761e1abdff1da4a1fcc,
  "/src/invoicing/admin/InvoiceSaveButton#InvoiceSaveButton": InvoiceSaveButton_4fcff3875c19a52b9d72449a435bd183,
  "/src/creditNotes/admin/CreditNoteDocument#CreditNoteDocument": CreditNoteDocument_6b11c78b66ccbd6b57c1d52ec2eed2b9,
  "/src/plugins/watcher/admin/WatcherActions#WatcherActions": WatcherActions_fc8323a677b8bd28e79ae7a3f69f2bd8,
  "/src/dashboard/OperatorDashboard#OperatorDashboard": OperatorDashboard_18de73ce3e7310923c63ab29aec40b9f,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
