import type { Messages } from './en';

// 简体中文。类型为 Messages：缺少或多出的键都会导致类型错误。
export const zhCN: Messages = {
  'app.name': 'RepeatLens 复购透镜',
  'app.tagline': '看清哪些客户会回头购买。数据只保存在这台电脑上。',
  'app.loading': '正在打开数据库…',
  'lang.label': '语言',

  'welcome.title': '从你的订单开始',
  'welcome.body': '可以先加载示例店铺看看效果，也可以导入从店铺后台导出的订单文件。数据不会上传到任何地方。',

  'action.loadSample': '加载示例店铺',
  'action.loadSample.hint': '一家真实的英国线上礼品店，2010 年 12 月至 2011 年 12 月',
  'action.importFile': '导入文件',
  'action.importFile.hint': '支持 CSV 或 TSV 格式的订单导出文件（也支持 .gz 压缩），自动识别格式。',
  'action.linkStore': '关联店铺',
  'action.linkStore.hint': 'Shopify、WooCommerce、eBay、Etsy：即将推出',

  'dialog.title': '选择订单导出文件',
  'dialog.filterName': '订单导出文件',

  'progress.title.sample': '正在加载示例店铺…',
  'progress.title.file': '正在导入 {file}…',
  'progress.phase.starting': '准备中',
  'progress.phase.reading': '读取文件',
  'progress.phase.parsing': '解析订单',
  'progress.phase.writing': '写入数据库',
  'progress.phase.done': '即将完成',
  'progress.rows': '{done} 行',
  'progress.rowsOfTotal': '{done} / {total} 行',
  'progress.rate': '每秒 {rate} 行',

  'report.title': '已导入：{store}',
  'report.summary':
    '从 {file} 读取 {rows} 行：新增订单 {new} 个，更新 {updated} 个，未变 {unchanged} 个；退货 {returns} 笔，客户 {customers} 位。',
  'report.skipped': '跳过 {skipped} 行。',
  'report.time': '用时 {seconds} 秒。',
  'report.dismiss': '关闭',

  'stores.title': '我的店铺',
  'stores.caption': '此数据库中的店铺',
  'stores.col.store': '店铺',
  'stores.col.customers': '客户',
  'stores.col.orders': '订单',
  'stores.col.returns': '退货',
  'stores.col.revenue': '销售额',
  'stores.col.firstOrder': '首单',
  'stores.col.lastOrder': '末单',
  'stores.noDate': '—',
  'stores.timesNote': '时间均为各店铺所在时区的当地时间。',

  'platform.sample': '示例数据',
  'platform.generic': 'CSV 文件',

  'error.title.startup': '无法打开数据库',
  'error.title.sample': '无法加载示例店铺',
  'error.title.import': '无法导入文件',
  'error.title.pick': '无法打开文件选择窗口',
  'error.dismiss': '关闭',

  'footer.version': '版本 {version}',
  'footer.database': '数据库：{path}',
  'footer.preview': '浏览器预览，使用演示数据。桌面版使用你本机的真实数据库。',
};
